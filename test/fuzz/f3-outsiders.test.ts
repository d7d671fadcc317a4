import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import { testTeamsApp } from "../support/start-test-census.js";
import {
	type CensusCounts,
	type FuzzApp,
	fuzzRuns,
	fuzzSeed,
	fuzzStopTimeoutMs,
	fuzzTimeoutMs,
	inParallel,
	startFuzzApp,
	teamsUserOf,
} from "./fuzz-app.js";
import {
	type InteractionKind,
	interactionKinds,
	type SlackIdentity,
	sendSlack,
	slackRequest,
	type TeamsIdentity,
	teamsActivity,
} from "./outsider-requests.js";

/** Who an outsider is: never on the roster, deactivated, a guest, or (with a roster person's id) from elsewhere. */
type OutsiderKind = "non-roster" | "deactivated" | "guest" | "foreign";

type Outsider =
	| { platform: "slack"; kind: OutsiderKind; who: SlackIdentity }
	| { platform: "teams"; kind: OutsiderKind; who: TeamsIdentity };

type Case = { outsider: Outsider; interaction: InteractionKind };

const batch = 10;
const deactivatedPerPlatform = 5;

/** F3 (§7.5): interactions from people who are not (or no longer) the census's, on both platforms. */
describe("F3: outsiders get nowhere", () => {
	let f: FuzzApp;
	let raw: pg.Client;
	let baseline: CensusCounts;
	let cases: fc.Arbitrary<Case>;
	/** Text no reply to an outsider may carry: every roster email, department and platform id. */
	let secrets: string[];

	beforeAll(async () => {
		f = await startFuzzApp("fuzzf3", 40);
		raw = new pg.Client({ connectionString: f.t.db.url });
		await raw.connect();
		const active = f.people.filter((p) => !f.admins.includes(p.email));
		const slackPeople = active.filter((p) => p.platform === "slack");
		const teamsPeople = active.filter((p) => p.platform === "teams");
		// Deactivated after the census opened: their invitations stand, their ids still resolve to a row.
		const gone = [
			...slackPeople.slice(0, deactivatedPerPlatform),
			...teamsPeople.slice(0, deactivatedPerPlatform),
		];
		await raw.query(
			"update employee set active = false where email = any($1::text[])",
			[gone.map((p) => p.email)],
		);
		const stillSlack = slackPeople.slice(deactivatedPerPlatform);
		const stillTeams = teamsPeople.slice(deactivatedPerPlatform);
		secrets = [
			...f.people.map((p) => p.email),
			...new Set(f.people.map((p) => p.department)),
			...f.people.map((p) => p.teamsUserId),
			...f.people.map((p) => p.slackUserId),
		];
		const ourTeam = f.t.fake.ids.teamId;
		const ourTenant = testTeamsApp.tenantId;
		const slackId = fc.stringMatching(/^[UW][0-9A-Z]{8,10}$/);
		const tenant = (id: string | null) => ({
			channelDataTenant: id,
			conversationTenant: id,
		});
		const randomTeamsUser = fc
			.tuple(fc.uuid(), fc.boolean())
			.map(([aad, guest]) => ({
				id: `29:${guest ? "guest-" : ""}${aad}`,
				aadObjectId: aad,
				name: guest ? "visitor#EXT#" : "someone",
			}));
		const slackOutsider: fc.Arbitrary<Outsider> = fc.oneof(
			slackId.map((userId) => ({
				platform: "slack" as const,
				kind: "non-roster" as const,
				who: { userId, teamId: ourTeam },
			})),
			fc
				.constantFrom(...slackPeople.slice(0, deactivatedPerPlatform))
				.map((p) => ({
					platform: "slack" as const,
					kind: "deactivated" as const,
					who: { userId: p.slackUserId, teamId: ourTeam },
				})),
			// A guest of the workspace (Slack's `W…` and `U…` ids alike): in the workspace, not on the roster.
			slackId.map((id) => ({
				platform: "slack" as const,
				kind: "guest" as const,
				who: { userId: `W${id.slice(1)}`, teamId: ourTeam },
			})),
			// Another workspace (or a Slack Connect partner), naming an active roster person's id or one of its own.
			fc
				.tuple(
					fc.oneof(
						fc.constantFrom(...stillSlack).map((p) => p.slackUserId),
						slackId,
					),
					fc.stringMatching(/^T[0-9A-Z]{8,10}$/),
				)
				.filter(([, team]) => team !== ourTeam)
				.map(([userId, teamId]) => ({
					platform: "slack" as const,
					kind: "foreign" as const,
					who: { userId, teamId },
				})),
		);
		const teamsOutsider: fc.Arbitrary<Outsider> = fc.oneof(
			randomTeamsUser.map((user) => ({
				platform: "teams" as const,
				kind: "non-roster" as const,
				who: { user, ...tenant(ourTenant) },
			})),
			fc
				.constantFrom(...teamsPeople.slice(0, deactivatedPerPlatform))
				.map((p) => ({
					platform: "teams" as const,
					kind: "deactivated" as const,
					who: { user: teamsUserOf(p), ...tenant(ourTenant) },
				})),
			randomTeamsUser.map((user) => ({
				platform: "teams" as const,
				kind: "guest" as const,
				who: {
					user: { ...user, name: "visitor#EXT#" },
					...tenant(ourTenant),
				},
			})),
			// Another tenant, in either tenant field or both, naming an active roster person's ids.
			fc
				.tuple(
					fc.constantFrom(...stillTeams),
					fc.uuid().filter((id) => id !== ourTenant),
					fc.constantFrom("both", "channel-data", "conversation", "only"),
				)
				.map(([p, other, where]) => ({
					platform: "teams" as const,
					kind: "foreign" as const,
					who: {
						user: teamsUserOf(p),
						channelDataTenant:
							where === "conversation"
								? ourTenant
								: where === "only"
									? null
									: other,
						conversationTenant: where === "channel-data" ? ourTenant : other,
					},
				})),
		);
		cases = fc.record({
			outsider: fc.oneof(slackOutsider, teamsOutsider),
			interaction: fc.constantFrom(...interactionKinds),
		});
		baseline = await f.counts();
	}, 120_000);
	afterAll(async () => {
		await raw?.end();
		await f?.stop();
	}, fuzzStopTimeoutMs);

	/** The reply, with nothing that differs from request to request. */
	async function send(c: Case): Promise<{ status: number; body: string }> {
		const { outsider } = c;
		if (outsider.platform === "slack")
			return sendSlack(f, slackRequest(f, c.interaction, outsider.who));
		return f.teams.post(teamsActivity(f, c.interaction, outsider.who));
	}

	it(
		"records nothing for them, and answers each the same neutral way",
		async () => {
			const total = fuzzRuns(1_000, 1_000);
			/** Per platform, interaction and whether the request came from elsewhere: the replies seen. */
			const replies = new Map<string, Set<string>>();
			const slackIds = new Set<string>();
			const started = performance.now();
			const run = await fc.check(
				fc.asyncProperty(
					fc.array(cases, { minLength: batch, maxLength: batch }),
					async (batchCases) => {
						const results = await inParallel(batchCases, batch, async (c) => ({
							c,
							res: await send(c),
						}));
						for (const { c, res } of results) {
							const { outsider } = c;
							const foreign = outsider.kind === "foreign";
							const name = `${outsider.platform} ${outsider.kind} ${c.interaction}: ${JSON.stringify(outsider.who)}`;
							// Refused at the door (Teams: 403) or answered without a word about anyone.
							expect(res.status, name).toBe(
								outsider.platform === "teams" && foreign ? 403 : 200,
							);
							for (const secret of secrets)
								expect(res.body, name).not.toContain(secret);
							for (const said of [
								text.thanks,
								text.alreadyAnswered,
								text.optedOut,
							])
								expect(res.body, name).not.toContain(said);
							if (c.interaction === "submit" && !foreign)
								expect(res.body, name).toContain(text.notInvited);
							const key = `${outsider.platform} ${c.interaction} ${foreign ? "from elsewhere" : "from inside"}`;
							const seen = replies.get(key) ?? new Set<string>();
							seen.add(res.body);
							replies.set(key, seen);
							if (outsider.platform === "slack" && !foreign)
								slackIds.add(outsider.who.userId);
						}
						expect(await f.counts()).toEqual(baseline);
						expect(f.faults).toEqual([]);
					},
				),
				{
					numRuns: Math.ceil(total / batch),
					seed: fuzzSeed,
					endOnFailure: true,
				},
			);
			if (run.failed)
				throw new Error(
					`F3 failed after ${run.numRuns} batches (seed ${run.seed}, path ${run.counterexamplePath}): ${String(run.errorInstance)}`,
				);
			// A non-roster, a deactivated and a guest person get the same reply: it cannot tell them apart.
			for (const [key, seen] of replies) expect([...seen], key).toHaveLength(1);
			// Slack's other replies (the modal an Answer click opens, the Home tab) say "not on the roster" and
			// nothing about anyone.
			for (const id of slackIds) {
				const views = [
					...f.t.fake.openedViews(id),
					...[f.t.fake.homeView(id)].filter((v) => v !== undefined),
				];
				for (const v of views) {
					const shown = JSON.stringify(v);
					expect(shown, id).toMatch(/not on the roster/);
					for (const secret of secrets.filter((s) => s !== id))
						expect(shown, id).not.toContain(secret);
				}
			}
			const db = await f.counts();
			console.info(
				`F3: ${total} outsider interactions in ${((performance.now() - started) / 1000).toFixed(1)} s (loaded machine); participation ${db.participation}, ballots ${db.ballots} (unchanged)`,
			);
		},
		fuzzTimeoutMs,
	);
});
