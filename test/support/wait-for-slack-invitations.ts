import pg from "pg";
import type { SyntheticEmployee } from "../../src/demo/synthetic-organisation.js";
import { waitFor } from "../../src/sim/wait-for.js";
import type { TestCensus } from "./start-test-census.js";

/**
 * Waits until each of `people` has their one invitation in the fake Slack *and* the ledger has recorded it as sent,
 * with its message: only then can an answer turn that message into the thank-you. (The fake holds the message a
 * moment before the worker's write lands, so waiting for the fake alone races the thank-you.)
 */
export async function waitForSlackInvitations(
	t: TestCensus,
	people: readonly SyntheticEmployee[],
	timeoutMs: number,
): Promise<void> {
	await waitFor(
		() =>
			people.every((p) => t.fake.messagesTo(p.slackUserId).length === 1)
				? true
				: undefined,
		timeoutMs,
		"every invitation in Slack",
	);
	const db = new pg.Client({ connectionString: t.db.url });
	await db.connect();
	try {
		await waitFor(
			async () => {
				const { rows } = await db.query<{ n: number }>(
					`select count(*)::int as n from invitation i join employee e on e.id = i.employee_id
					 where e.slack_user_id = any($1::text[]) and i.message_ts is not null`,
					[people.map((p) => p.slackUserId)],
				);
				return rows[0]?.n === people.length ? true : undefined;
			},
			timeoutMs,
			"every invitation recorded as sent",
		);
	} finally {
		await db.end();
	}
}
