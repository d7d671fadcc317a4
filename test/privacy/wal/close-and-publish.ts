import type pg from "pg";
import { waitFor } from "../../../src/sim/wait-for.js";
import type { TestCensus } from "../../support/start-test-census.js";

/**
 * The admin closes the campaign and publishes the report to #leadership. Returns everything the
 * census published, as bytes: the stored report, every call the app made to the platform and every
 * reply it posted, and the uploaded files (the chart).
 */
export async function closeAndPublish(
	t: TestCensus,
	db: pg.Client,
	adminSlackId: string,
): Promise<Buffer[]> {
	const closed = await t.sim.slashCommand(adminSlackId, "/census", "close");
	await waitFor(
		() =>
			t.fake.responses.some(
				(r) =>
					r.url === closed.responseUrl &&
					Array.isArray((r.body as { blocks?: unknown }).blocks),
			)
				? true
				: undefined,
		60_000,
		"the report preview",
	);
	await t.sim.clickResponseButton({
		userId: adminSlackId,
		responseUrl: closed.responseUrl as string,
		actionId: "census_publish",
	});
	await waitFor(
		() => t.fake.messagesTo("#leadership")[0],
		20_000,
		"the report",
	);
	const report = (await db.query("select report from campaign")).rows[0].report;
	return [
		Buffer.from(JSON.stringify(report)),
		Buffer.from(
			JSON.stringify({ calls: t.fake.calls, responses: t.fake.responses }),
		),
		...t.fake.uploadedFiles().flatMap((f) => (f.bytes ? [f.bytes] : [])),
	];
}
