import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { loadEnvFile } from "../env-file.js";
import { reportToCsv } from "../reports/report-to-csv.js";
import { CensusRepository } from "../storage/census-repository.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import { describeFailure } from "./describe-failure.js";
import { openDatabase } from "./open-database.js";

const help = `Usage: npm run report -- --campaign ID [--format json|csv]

Prints the published report of a closed campaign: exactly the numbers that were posted.
Without --campaign, lists the campaigns and their ids.`;

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
			const campaigns = await prisma.campaign.findMany({
				orderBy: { createdAt: "desc" },
				select: { id: true, name: true, status: true },
			});
			if (campaigns.length === 0) process.stdout.write("No campaigns yet.\n");
			for (const c of campaigns)
				process.stdout.write(`${c.id}  ${c.status.padEnd(7)}  ${c.name}\n`);
			process.stderr.write("\nChoose one with --campaign ID.\n");
			return campaigns.length === 0 ? 1 : 2;
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
