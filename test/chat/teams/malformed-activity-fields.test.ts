import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticEmployee } from "../../../src/demo/synthetic-organisation.js";
import {
	cardAction,
	channelMention,
	personalInstall,
	personalMessage,
	type TeamsActivityJson,
} from "../../../src/sim/teams-activities.js";
import {
	type FuzzApp,
	startFuzzApp,
	teamsUserOf,
} from "../../fuzz/fuzz-app.js";

/** A copy of `activity` with `value` put at the dotted `path` (objects made on the way). */
function withField(
	activity: TeamsActivityJson,
	path: string,
	value: unknown,
): TeamsActivityJson {
	const copy = structuredClone(activity);
	const keys = path.split(".");
	let at = copy as Record<string, unknown>;
	for (const key of keys.slice(0, -1)) {
		const next = at[key];
		if (!next || typeof next !== "object") at[key] = {};
		at = at[key] as Record<string, unknown>;
	}
	at[keys[keys.length - 1] as string] = value;
	return copy;
}

/**
 * The fields of an activity the bot reads, each given a value of the wrong type, through the real app (signed,
 * over HTTP, real PostgreSQL): the full-size fuzz run (F2, seed 20261205, path 107) found an answer card's submit
 * with `from.aadObjectId` an object answered 501.
 */
describe("Teams activities with fields of the wrong type", () => {
	let f: FuzzApp;
	let person: SyntheticEmployee;

	beforeAll(async () => {
		f = await startFuzzApp("teamsmalformed", 12);
		person = f.people.find(
			(p) => p.platform === "teams" && !f.admins.includes(p.email),
		) as SyntheticEmployee;
	}, 120_000);
	afterAll(async () => {
		await f?.stop();
	});

	function submit(): TeamsActivityJson {
		return cardAction(f.ctx, teamsUserOf(person), {
			verb: "census_submit",
			data: {
				campaignId: f.campaignId,
				q_key: "occ_routine",
				q_school: "sch_state_nonselective",
				q_fsm: "fsm_no",
				q_parents_degree: "pdeg_no",
			},
		});
	}

	it("refuses F2's counterexample (aadObjectId and channelData.source.name objects) with 400, recording nothing", async () => {
		const before = await f.counts();
		const activity = withField(
			withField(submit(), "channelData.source.name", {}),
			"from.aadObjectId",
			{},
		);
		const res = await f.teams.post(activity);
		expect(res.status).toBe(400);
		expect(await f.counts()).toEqual(before);
		expect(f.faults).toEqual([]);
	});

	const wrong: [string, unknown][] = [
		["object", {}],
		["array", ["x"]],
		["number", 7],
		["boolean", true],
	];
	const fields = [
		"from.aadObjectId",
		"from.id",
		"from.name",
		"recipient.id",
		"recipient.name",
		"id",
		"locale",
		"conversation.id",
		"conversation.name",
		"conversation.conversationType",
		"conversation.tenantId",
		"channelData.tenant.id",
		"channelData.channel.id",
		"channelData.teamsChannelId",
		"name",
		"text",
		"entities",
		"membersAdded",
		"value",
		"value.action",
		"value.action.verb",
		"value.action.data",
		"value.action.type",
	];

	it("answers every activity kind with a wrong-typed field without a server error or a failed turn, and records nothing", async () => {
		const user = teamsUserOf(person);
		const kinds: Record<string, TeamsActivityJson> = {
			submit: submit(),
			message: personalMessage(f.ctx, user, "census status"),
			mention: channelMention(
				f.ctx,
				user,
				{ teamId: "19:team", channelId: "19:chan@thread.tacv2" },
				"census status",
			),
			install: personalInstall(f.ctx, user),
		};
		const before = await f.counts();
		const problems: string[] = [];
		// An error log line is a turn that threw part-way (its reply, or its lookup), even when the status was fine.
		let seen = 0;
		for (const [kind, activity] of Object.entries(kinds))
			for (const field of fields)
				for (const [type, value] of wrong) {
					const res = await f.teams.post(withField(activity, field, value));
					if (res.status >= 500)
						problems.push(`${kind} ${field}=${type}: ${res.status}`);
					const errs = f.t.logs.filter((l) => /"level":50/.test(l)).length;
					if (errs > seen) {
						seen = errs;
						problems.push(`${kind} ${field}=${type}: logged an error`);
					}
				}
		expect(problems).toEqual([]);
		expect(await f.counts()).toEqual(before);
		expect(f.faults).toEqual([]);
	}, 120_000);

	it("still records a well-formed answer after all that", async () => {
		const before = await f.counts();
		const res = await f.teams.post(submit());
		expect(res.status).toBe(200);
		expect(await f.counts()).toEqual({
			participation: before.participation + 1,
			ballots: before.ballots + 1,
		});
	});
});
