import { SlackDirectory } from "../../src/chat/slack/slack-directory.js";
import { FakeSlackApi, slackTierLimits } from "../../src/sim/fake-slack-api.js";

/** What resolving a roster through `users.list` at Tier 2 measured. */
export type DirectoryBench = {
	/** Real time spent: HTTP, JSON and matching, with the pacing's waits taken out (virtual time). */
	wallSeconds: number;
	/** What the run takes at Slack's Tier 2 pace: the pacing's (virtual) time. */
	tier2Minutes: number;
	pages: number;
	/** 429s the fake answered (0 when the pace holds). */
	rateLimited: number;
	/** Calls a minute as a share of the fake's Tier 2 limit (20 a minute), in percent. */
	limitUsedPercent: number;
	found: number;
};

/**
 * Resolves `members` roster emails against a fake workspace of as many members through `users.list` (200 a page)
 * at Tier 2 pacing. Time is virtual for the pacing and the fake's rolling-minute limit alike, so the bench runs in
 * seconds and reports both what it cost here and how long Slack's limit makes it.
 */
export async function benchSlackDirectory(
	members: number,
): Promise<DirectoryBench> {
	let virtual = Date.now();
	const clock = {
		now: () => virtual,
		sleep: async (ms: number) => {
			virtual += ms;
		},
	};
	const fake = await FakeSlackApi.start({
		botToken: "xoxb-bench",
		now: clock.now,
		methodLimitsPerMinute: slackTierLimits,
	});
	try {
		const emails: string[] = [];
		for (let i = 0; i < members; i++) {
			const email = `member${i}@bench.example`;
			emails.push(email);
			fake.addUser({ id: `U${i.toString(36).toUpperCase()}`, email });
		}
		const directory = new SlackDirectory({
			token: "xoxb-bench",
			apiUrl: fake.apiUrl,
			clock,
		});
		const startVirtual = virtual;
		const started = performance.now();
		const results = await directory.resolve(emails);
		const wallSeconds = (performance.now() - started) / 1000;
		const calls = fake.callsTo("users.list");
		const minutes = (virtual - startVirtual) / 60_000;
		const ok = calls.filter((c) => !c.rateLimited).length;
		return {
			wallSeconds,
			tier2Minutes: minutes,
			pages: ok,
			rateLimited: calls.length - ok,
			limitUsedPercent:
				minutes === 0
					? 0
					: (100 * (ok / minutes)) / (slackTierLimits["users.list"] ?? 20),
			found: results.filter((r) => r.outcome.kind === "found").length,
		};
	} finally {
		await fake.close();
	}
}
