import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { matchLanguage } from "../domain/roster/language-tag.js";
import { loadEnvFile } from "../env-file.js";
import { campaignListing } from "../reports/campaign-listing.js";
import { renderReportMarkdown } from "../reports/render-report-markdown.js";
import { reportToCsv } from "../reports/report-to-csv.js";
import { CensusRepository } from "../storage/census-repository.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import { Languages } from "../text/languages.js";
import { shippedLanguages, translatorFor } from "../text/translator.js";
import { describeFailure } from "./describe-failure.js";
import { openDatabase } from "./open-database.js";

const help = `Usage: npm run report -- --campaign ID [--format json|csv|markdown] [--language TAG]

Prints the published report of a closed campaign: exactly the numbers that were posted.
Without --campaign, lists the campaigns, newest first, with their ids, status and dates.

  --format markdown   the report as a document for leaders, in the campaign's language (the admin's who
                      started it), as it was posted to the leadership channel
  --language TAG      write the markdown in this language instead of the campaign's (${shippedLanguages.join(", ")})`;

const formats = ["json", "csv", "markdown"];

/** The language `--language` names, as a shipped catalogue's tag; or why it cannot be used. */
function reportLanguage(
	tag: string,
): { ok: true; language: string } | { ok: false; message: string } {
	const language = matchLanguage(tag, shippedLanguages);
	return language
		? { ok: true, language }
		: {
				ok: false,
				message: `--language ${JSON.stringify(tag)} is not a language the report can be written in; shipped: ${shippedLanguages.join(", ")}`,
			};
}

async function main(): Promise<number> {
	let values: {
		campaign?: string;
		format?: string;
		language?: string;
		help?: boolean;
	};
	try {
		values = parseArgs({
			options: {
				campaign: { type: "string" },
				format: { type: "string", default: "json" },
				language: { type: "string" },
				help: { type: "boolean", short: "h" },
			},
		}).values;
	} catch (err) {
		process.stderr.write(`${(err as Error).message}\n\n${help}\n`);
		return 2;
	}
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return 0;
	}
	if (!formats.includes(values.format ?? "")) {
		process.stderr.write(
			`--format must be json, csv or markdown (got "${values.format}")\n`,
		);
		return 2;
	}
	const override =
		values.language === undefined ? null : reportLanguage(values.language);
	if (override && !override.ok) {
		process.stderr.write(`${override.message}\n`);
		return 2;
	}
	loadEnvFile();
	const config = loadConfig();
	const db = await openDatabase(config);
	const prisma = createPrismaClient(db.url, 1);
	try {
		if (!values.campaign) {
			// Listing is what was asked for: it succeeds, even with nothing to list.
			const campaigns = await prisma.campaign.findMany({
				orderBy: { createdAt: "desc" },
				where: { status: { notIn: ["draft", "opening", "abandoned"] } },
				select: {
					id: true,
					name: true,
					status: true,
					createdAt: true,
					closesOn: true,
					closedAt: true,
					publishedOn: true,
				},
			});
			process.stdout.write(
				campaignListing(
					campaigns.map((c) => ({
						...c,
						closesOn: c.closesOn.toISOString().slice(0, 10),
						publishedOn: c.publishedOn?.toISOString().slice(0, 10) ?? null,
					})),
				),
			);
			return 0;
		}
		const store = new CensusRepository(prisma);
		const campaign = await store.findCampaign(values.campaign);
		if (!campaign) {
			process.stderr.write(
				`No campaign has the id "${values.campaign}". Run without --campaign to list them.\n`,
			);
			return 1;
		}
		const report: CampaignReport | null = await store.findReport(campaign.id);
		if (!report) {
			process.stderr.write(
				`"${campaign.name}" is ${campaign.status}; its report exists once it is closed (/census close).\n`,
			);
			return 1;
		}
		// The markdown in the language asked for, else the campaign's (any we ship: it was the deployment's when the
		// campaign started), else the deployment default.
		const campaignLanguage = campaign.language
			? matchLanguage(campaign.language, shippedLanguages)
			: null;
		const t = override
			? translatorFor(override.language)
			: campaignLanguage
				? translatorFor(campaignLanguage)
				: new Languages(config.languages).pick();
		process.stdout.write(
			values.format === "json"
				? `${JSON.stringify(report, null, 2)}\n`
				: values.format === "csv"
					? reportToCsv(report)
					: renderReportMarkdown(report, t),
		);
		return 0;
	} finally {
		await prisma.$disconnect();
		await db.close();
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`${describeFailure(err)}\n`);
		process.exit(1);
	},
);
