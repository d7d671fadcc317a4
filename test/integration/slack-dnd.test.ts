import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { dndTeamInfoMaxUsers } from "../../src/sim/dnd-methods.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { validateSlackCall } from "../support/slack-method-check.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

function reply(t: TestCensus, url: string | undefined): Promise<string> {
	return waitFor(
		() =>
			(
				t.fake.responses.find((r) => r.url === url)?.body as
					| { text?: string }
					| undefined
			)?.text,
		10_000,
		"a reply",
	);
}

/** A Do Not Disturb window from a minute ago until `seconds` from now, on Slack's whole seconds. */
function dndFor(seconds: number): { start: number; end: number } {
	const end = Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000;
	return { start: Date.now() - 60_000, end };
}

/** When each DM to a person arrived at the fake, and what kind of message it was. */
const dmsTo = (t: TestCensus, p: SyntheticEmployee) =>
	t.fake
		.callsTo("chat.postMessage")
		.filter((c) => c.params.channel === p.slackUserId && !c.error);

const deliveryOf = async (t: TestCensus, p: SyntheticEmployee, kind: string) =>
	(
		await t.runtime.prisma.$queryRawUnsafe<
			{ state: string; attempts: number; not_before: Date }[]
		>(
			`select d.state, d.attempts, d.not_before from delivery d join employee e on e.id = d.employee_id
			 where e.email = $1 and d.kind = $2 order by d.wave desc limit 1`,
			p.email,
			kind,
		)
	)[0];

const settled = (t: TestCensus) =>
	until(
		async () =>
			(
				await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
					"select count(*)::int as n from delivery where state in ('queued', 'sending')",
				)
			)[0]?.n === 0,
		30_000,
		"every delivery settled",
	);

describe("Slack Do Not Disturb", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	let resting: SyntheticEmployee;
	let rested: SyntheticEmployee;
	let window: { start: number; end: number };
	let startedAt: number;

	beforeAll(async () => {
		// Over 50 people, so the lookups take more than one dnd.teamInfo call.
		people = generateOrganisation(70, 31);
		admin = people[0] as SyntheticEmployee;
		resting = people[5] as SyntheticEmployee;
		rested = people[6] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "dnd",
			tickMs: 250,
			dndTtlMs: 300,
		});
		expect(await importPeople(t, people)).toBe(0);
		window = dndFor(4);
		t.fake.setDoNotDisturb(resting.slackUserId, window);
		// A window that is over: no reason to wait.
		t.fake.setDoNotDisturb(rested.slackUserId, {
			start: Date.now() - 120_000,
			end: Date.now() - 60_000,
		});
		startedAt = Date.now();
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership low=100",
		);
		expect(await reply(t, started.responseUrl)).toMatch(/is open until/);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites everyone else at once, and holds the person in Do Not Disturb, still queued, no attempt used", async () => {
		const others = people.filter((p) => p !== resting);
		await until(
			async () => others.every((p) => dmsTo(t, p).length === 1),
			15_000,
			"everyone else's invitation",
		);
		expect(Date.now()).toBeLessThan(window.end);
		for (const p of others)
			expect(dmsTo(t, p)[0]?.at ?? 0).toBeLessThan(window.end);
		expect(dmsTo(t, resting)).toHaveLength(0);
		const held = await deliveryOf(t, resting, "invite");
		expect(held).toMatchObject({ state: "queued", attempts: 0 });
		expect(new Date(held?.not_before ?? 0).getTime()).toBe(window.end);
	}, 20_000);

	it("invites them once their Do Not Disturb has ended", async () => {
		await until(
			async () => dmsTo(t, resting).length > 0,
			15_000,
			"the held invitation",
		);
		const [dm] = dmsTo(t, resting);
		expect(dm?.at ?? 0).toBeGreaterThanOrEqual(window.end);
		expect(dm?.at ?? 0).toBeLessThan(window.end + 5000);
		await settled(t);
		expect(dmsTo(t, resting)).toHaveLength(1);
		expect(await deliveryOf(t, resting, "invite")).toMatchObject({
			state: "sent",
			attempts: 1,
		});
		expect(startedAt).toBeLessThan(window.end);
	}, 20_000);

	it("looks people up in batches of at most 50, with calls Slack's spec accepts", () => {
		const lookups = t.fake.callsTo("dnd.teamInfo");
		expect(lookups.length).toBeGreaterThan(0);
		expect(lookups.length).toBeLessThan(people.length / 2);
		for (const call of lookups) {
			const users = String(call.params.users).split(",");
			expect(users.length).toBeLessThanOrEqual(dndTeamInfoMaxUsers);
			expect(validateSlackCall(call.method, call.params)).toEqual([]);
		}
	});

	it("holds reminders and managers' nudges likewise", async () => {
		// The admin manages everyone (synthetic roster): their nudge waits with the reminder of one person.
		const reminded = people[10] as SyntheticEmployee;
		const later = dndFor(4);
		t.fake.setDoNotDisturb(reminded.slackUserId, later);
		t.fake.setDoNotDisturb(admin.slackUserId, later);
		// Past the cache's time to live, so the new windows are seen.
		await new Promise((r) => setTimeout(r, 400));
		const before = t.fake.callsTo("chat.postMessage").length;
		const remind = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"remind",
		);
		expect(await reply(t, remind.responseUrl)).toMatch(/reminders queued/);
		const nudge = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"nudge",
		);
		await reply(t, nudge.responseUrl);
		const others = people.filter((p) => p !== reminded && p !== admin);
		await until(
			async () => others.every((p) => dmsTo(t, p).length === 2),
			15_000,
			"everyone else's reminder",
		);
		expect(Date.now()).toBeLessThan(later.end);
		expect(dmsTo(t, reminded)).toHaveLength(1);
		expect(await deliveryOf(t, reminded, "reminder")).toMatchObject({
			state: "queued",
			attempts: 0,
		});
		expect(await deliveryOf(t, admin, "nudge")).toMatchObject({
			state: "queued",
			attempts: 0,
		});
		await settled(t);
		expect(dmsTo(t, reminded)).toHaveLength(2);
		expect(dmsTo(t, reminded)[1]?.at ?? 0).toBeGreaterThanOrEqual(later.end);
		const adminDms = t.fake
			.callsTo("chat.postMessage")
			.slice(before)
			.filter((c) => c.params.channel === admin.slackUserId && !c.error);
		expect(adminDms.length).toBeGreaterThan(0);
		for (const dm of adminDms) expect(dm.at).toBeGreaterThanOrEqual(later.end);
	}, 30_000);
});

describe("Slack Do Not Disturb at a workspace's slow pace", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];

	beforeAll(async () => {
		people = generateOrganisation(120, 33);
		const admin = people[0] as SyntheticEmployee;
		// 20 sends a second with 8 jobs in flight: without looking ahead, each lookup would carry a handful of
		// people, and Slack allows dnd.teamInfo about 20 calls a minute.
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "dnd-slow",
			messagesPerSecond: 20,
		});
		expect(await importPeople(t, people)).toBe(0);
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		expect(await reply(t, started.responseUrl)).toMatch(/is open until/);
		await settled(t);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("looks up the next people due along with the ones at hand: about one call per 50 invitations", () => {
		for (const p of people) expect(dmsTo(t, p), p.email).toHaveLength(1);
		const lookups = t.fake.callsTo("dnd.teamInfo");
		const looked = lookups.flatMap((c) => String(c.params.users).split(","));
		expect(new Set(looked).size).toBe(people.length);
		// One call per 50 people, plus the first calls made before the queue holds anyone further ahead: two of
		// those usually, three when the opening's batches and the first sends interleave (seen on a busy machine).
		expect(lookups.length).toBeLessThanOrEqual(
			Math.ceil(people.length / 50) + 3,
		);
	});
});

describe("Slack Do Not Disturb without the dnd:read scope", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];

	beforeAll(async () => {
		people = generateOrganisation(70, 32);
		const admin = people[0] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "dnd-scope",
		});
		expect(await importPeople(t, people)).toBe(0);
		t.fake.withholdScope("dnd:read");
		t.fake.setDoNotDisturb(
			(people[5] as SyntheticEmployee).slackUserId,
			dndFor(60),
		);
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		expect(await reply(t, started.responseUrl)).toMatch(/is open until/);
		await settled(t);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("sends to everyone, Do Not Disturb or not, and warns once", () => {
		for (const p of people) expect(dmsTo(t, p), p.email).toHaveLength(1);
		const lookups = t.fake.callsTo("dnd.teamInfo");
		expect(lookups.length).toBeGreaterThan(0);
		expect(lookups.every((c) => c.error === "missing_scope")).toBe(true);
		const warnings = t.logs
			.map((line) => JSON.parse(line) as { level: number; code?: string })
			.filter((l) => l.level === 40 && l.code === "missing_scope");
		expect(warnings).toHaveLength(1);
	});
});
