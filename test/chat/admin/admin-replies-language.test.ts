import { describe, expect, it } from "vitest";
import type { AdminReplies } from "../../../src/chat/admin/admin-replies.js";
import { slackDialect, teamsDialect } from "../../../src/chat/admin/dialect.js";
import { runAdminCommand } from "../../../src/chat/admin/run-admin-command.js";
import { parseStartArguments } from "../../../src/domain/campaigns/parse-start-arguments.js";
import { shippedCatalogues } from "../../../src/text/message-catalogue.js";
import {
	type Translator,
	translatorFor,
} from "../../../src/text/translator.js";
import { englishOnlyWording } from "../../support/english-only-wording.js";
import { sampleCampaign } from "../../support/sample-campaign.js";
import { sampleReport } from "../../support/sample-report.js";

/** What the commands say, as text: replies, the preview's summary and the file's title. */
function capture(): { replies: AdminReplies; said: string[] } {
	const said: string[] = [];
	return {
		said,
		replies: {
			text: async (m) => void said.push(m),
			status: async (v) => void said.push(v.summary, ...v.deliveries),
			preview: async (v) => void said.push(v.summary),
			file: async (f) => void said.push(f.title),
		},
	};
}

const noop = () => undefined;
const logger = { info: noop, warn: noop, error: noop, debug: noop };

/** Deps with an open census (`open`) or none, answering each command with a result that has every part. */
function deps(open: boolean) {
	const campaign = open ? sampleCampaign() : null;
	return {
		logger,
		service: {
			today: () => "2026-12-01",
			currentCampaign: async () => campaign,
			report: async () => null,
			responseRates: async () => ({ overall: { rate: 0.5 } }),
			start: async () =>
				open
					? { ok: false, reason: "already-open", campaign: sampleCampaign() }
					: { ok: false, reason: "no-tally-key" },
		},
		store: {
			listGroups: async () => [],
			findOpeningCampaign: async () =>
				open
					? null
					: { campaign: sampleCampaign(), stalled: true, written: 3, total: 9 },
		},
		outreach: {
			remind: async () => ({
				wave: 2,
				reminders: 5,
				nudges: 2,
				managersNotOnRoster: 1,
				alreadyNudged: 1,
				lateInvitations: 3,
			}),
			nudge: async () => ({
				wave: 1001,
				reminders: 0,
				nudges: 0,
				managersNotOnRoster: 0,
				alreadyNudged: 2,
				lateInvitations: 0,
			}),
		},
		outbox: {
			requeueUnknown: async () => ["a", "b"],
			// Every kind of status line: each delivery kind, a stall, a paused platform, given-up and unknown ones.
			countDeliveries: async () =>
				["invite", "reminder", "nudge", "post"].flatMap((kind) => [
					{ kind, state: "sent", count: 7 },
					{ kind, state: "unknown", count: 1 },
					{ kind, state: "cancelled", count: 2 },
				]),
			countInvitesByIds: async () => [
				{ state: "sent", hasSlackId: true, hasTeamsId: false, count: 5 },
				{ state: "failed", hasSlackId: true, hasTeamsId: false, count: 1 },
			],
			pendingDeliveries: async () => ({
				due: 3,
				oldestDueAt: new Date(Date.now() - 20 * 60_000),
				lastSettledAt: null,
			}),
			countGivenUp: async () => 1,
		},
		paused: async () => [{ platform: "teams", reason: "app_uninstalled" }],
		stallAfterMs: 60_000,
		platforms: ["slack"],
		dispatch: async () => undefined,
		checkReach: async () =>
			open
				? {
						people: 10,
						reachable: 8,
						byPlatform: [{ platform: "slack", reachable: 8 }],
						unreachable: [
							{ email: "a@example.org", reason: "guest" },
							{ email: "b@example.org", reason: "not_found" },
						],
						reasons: [
							{ reason: "guest", count: 1 },
							{ reason: "not_found", count: 1 },
						],
						failures: [{ platform: "teams", message: "no Graph access" }],
					}
				: {
						people: 0,
						reachable: 0,
						byPlatform: [],
						unreachable: [],
						reasons: [],
						failures: [],
					},
		notReached: async () => [
			{ email: "a@example.org", invitation: "not_sent", reason: "guest" },
			{
				email: "b@example.org",
				invitation: "undeliverable",
				reason: "refused",
			},
		],
		closeCensus: async () =>
			open
				? { ok: true, campaign: sampleCampaign(), report: sampleReport() }
				: { ok: false, reason: "none-open" },
	} as never;
}

const commands = [
	["help", ""],
	["start", 'name="X" closes=2030-12-14 channel=#c'],
	["start", "closes=never"],
	// Every kind of argument problem the parser finds, each said in the admin's language.
	[
		"start",
		'stray colour=blue name="" target=0 target=1 questions=school,nope grades=AO reminders=9 low=0 hours=9-5 timezone=GMT privacy=http://intranet.acme.co.uk runby="" contact="" message=""',
	],
	[
		"start",
		"closes=2026-11-01 channel=nope grades=AO,AO questions=school hours=09:00-17:00,someday timezone=Mars/Base privacy=https://example.org/p",
	],
	[
		"start",
		"channel=#c hours=17:00-09:00 privacy=https://10.0.0.1/p timezone=CET",
	],
	["start", "channel=#c hours=09:00-24:30 privacy=https://intranet/p"],
	[
		"start",
		`channel=#c privacy=https://intranet.acme.co.uk/${"p".repeat(500)}`,
	],
	["start", "channel=#c privacy=https://a:b@intranet.acme.co.uk/p"],
	["start", "channel=#c privacy=notaurl"],
	["check", ""],
	["status", ""],
	["close", ""],
	["results", ""],
	["results", "cmp_nope"],
	["remind", ""],
	["nudge", ""],
	["resend-unknown", ""],
	["unreachable", ""],
	["frobnicate", ""],
] as const;

async function everything(t: Translator): Promise<string[]> {
	const said: string[] = [];
	for (const d of [slackDialect, teamsDialect])
		for (const open of [false, true])
			for (const [subcommand, args] of commands) {
				const c = capture();
				await runAdminCommand(
					deps(open),
					d,
					c.replies,
					{ subcommand, args },
					{
						userId: "U1",
						t,
					},
				);
				said.push(...c.said.map((s) => `${subcommand}: ${s}`));
			}
	return said;
}

const englishOnly = englishOnlyWording;

describe("admin replies in the admin's language", () => {
	it("every command's reply, in Welsh, keeps none of the English wording", async () => {
		const welsh = await everything(translatorFor("cy"));
		const english = await everything(translatorFor("en-GB"));
		expect(welsh).toHaveLength(english.length);
		expect(welsh.length).toBeGreaterThan(30);
		// The status's delivery lines are among them.
		expect(welsh.some((l) => l.includes("Gwahoddiadau ar Slack"))).toBe(true);
		expect(welsh.some((l) => l.includes("Ni ellid gwirio Teams"))).toBe(true);
		expect(welsh.some((l) => l.includes("Mae danfoniadau wedi arafu"))).toBe(
			true,
		);
		for (const line of welsh)
			expect(
				englishOnly.filter((w) => line.includes(w)),
				line,
			).toEqual([]);
		// And English replies do use them: the check can see English.
		expect(
			english.filter((line) => englishOnly.some((w) => line.includes(w)))
				.length,
		).toBeGreaterThan(30);
	});

	it("the bad start arguments above meet every problem the parser can find", () => {
		const found = new Set(
			commands.flatMap(([subcommand, args]) => {
				const r = parseStartArguments(args, "2026-12-01");
				return subcommand !== "start" || r.ok
					? []
					: r.problems.map((p) => `startArgs.${p.code}`);
			}),
		);
		const all = Object.keys(shippedCatalogues[0]?.messages ?? {}).filter((k) =>
			k.startsWith("startArgs."),
		);
		expect(all.length).toBeGreaterThan(25);
		expect([...found].sort()).toEqual(all.sort());
	});
});
