import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { loadEnvFile } from "../env-file.js";
import { campaignListing } from "../reports/campaign-listing.js";
import { reportToCsv } from "../reports/report-to-csv.js";
import { CensusRepository } from "../storage/census-repository.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import { describeFailure } from "./describe-failure.js";
import { openDatabase } from "./open-database.js";

const help = `Usage: npm run report -- --campaign ID [--format json|csv]

Prints the published report of a closed campaign: exactly the numbers that were posted.
Without --campaign, lists the campaigns, newest first, with their ids, status and dates.`;

async function main(): Promise<number> {
	let values: { campaign?: string; format?: string; help?: boolean };
	try {
		values = parseArgs({
			options: {
				campaign: { type: "string" },
				format: { type: "string", default: "json" },
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
	if (values.format !== "json" && values.format !== "csv") {
		process.stderr.write(
			`--format must be json or csv (got "${values.format}")\n`,
		);
		return 2;
	}
	loadEnvFile();
	const db = await openDatabase(loadConfig());
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
		process.stdout.write(
			values.format === "json"
				? `${JSON.stringify(report, null, 2)}\n`
				: reportToCsv(report),
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
