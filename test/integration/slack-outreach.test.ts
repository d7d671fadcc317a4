import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modalAnswers } from "../../src/demo/modal-answers.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { waitFor } from "../../src/sim/wait-for.js";
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

const day = 86_400_000;

/**
 * Reminder waves, manager nudges, progress posts and the automatic close, driven by the campaign clock against
 * a fake Slack. Each department's first member manages the rest of it.
 */
describe("reminding, nudging and closing on schedule", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	let managers: SyntheticEmployee[];
	let answered: SyntheticEmployee[];
	let optedOut: SyntheticEmployee[];
	const openedAt = new Date();
	let now = openedAt;
	const clock = { now: () => now };

	const pendingDeliveries = async () => {
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from delivery where state in ('queued', 'sending')",
		);
		return rows[0]?.n ?? -1;
	};
	const settled = () =>
		until(async () => (await pendingDeliveries()) === 0, 30_000, "deliveries");
	const count = async (kind: string, wave?: number) => {
		const rows = await t.runtime.prisma.$queryRawUnsafe<{ n: number }[]>(
			`select count(*)::int as n from delivery where kind = $1 ${wave === undefined ? "" : "and wave = $2"}`,
			kind,
			...(wave === undefined ? [] : [wave]),
		);
		return rows[0]?.n ?? -1;
	};
	const texts = (p: SyntheticEmployee) =>
		t.fake
			.messagesTo(p.slackUserId)
			.map((m) => `${m.text ?? ""} ${JSON.stringify(m.blocks ?? [])}`);

	async function answer(p: SyntheticEmployee) {
		const dm = t.fake.messagesTo(p.slackUserId)[0];
		if (!dm) throw new Error(`no invitation for ${p.email}`);
		await t.sim.clickButton({
			userId: p.slackUserId,
			actionId: "census_answer",
			channel: dm.channel,
			messageTs: dm.ts,
		});
		const view = await waitFor(
			() => t.fake.openedViews(p.slackUserId).at(-1),
			10_000,
			"the answer modal",
		);
		const res = await t.sim.submitView({
			userId: p.slackUserId,
			view,
			values: modalAnswers(p.answers, ["key"]),
		});
		expect(res.status).toBe(200);
	}

	async function optOut(p: SyntheticEmployee) {
		const dm = t.fake.messagesTo(p.slackUserId)[0];
		if (!dm) throw new Error(`no invitation for ${p.email}`);
		await t.sim.clickButton({
			userId: p.slackUserId,
			actionId: "census_optout",
			channel: dm.channel,
			messageTs: dm.ts,
		});
		await waitFor(
			() => (t.fake.findMessage(dm.channel, dm.ts)?.updates ? true : undefined),
			10_000,
			"the opt-out reply",
		);
	}

	beforeAll(async () => {
		people = generateOrganisation(90, 41);
		admin = people[0] as SyntheticEmployee;
		const byDept = new Map<string, SyntheticEmployee[]>();
		for (const p of people)
			byDept.set(p.department, [...(byDept.get(p.department) ?? []), p]);
		managers = [];
		for (const members of byDept.values()) {
			const [head, ...rest] = members as [
				SyntheticEmployee,
				...SyntheticEmployee[],
			];
			managers.push(head);
			head.managerEmail = undefined;
			for (const p of rest) p.managerEmail = head.email;
		}
		t = await startTestCensus({
			admins: [admin.slackUserId],
			label: "outreach",
			clock,
			tickMs: 250,
		});
		expect(await importPeople(t, people)).toBe(0);
		const closes = new Date(openedAt.getTime() + 14 * day)
			.toISOString()
			.slice(0, 10);
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			`start channel=#leadership closes=${closes} low=100 reminders=2`,
		);
		expect(await reply(t, started.responseUrl)).toMatch(/is open until/);
		await settled();
		const others = people.filter((p) => !managers.includes(p));
		answered = others.slice(0, 30);
		optedOut = others.slice(30, 36);
		for (const p of answered) await answer(p);
		for (const p of optedOut) await optOut(p);
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("runs the first reminder wave half-way through, only to people who neither answered nor opted out", async () => {
		expect(await count("reminder")).toBe(0);
		now = new Date(openedAt.getTime() + 7.5 * day);
		await until(async () => (await count("reminder", 1)) > 0, 10_000, "wave 1");
		await settled();
		const silent = people.filter(
			(p) => !answered.includes(p) && !optedOut.includes(p),
		);
		expect(await count("reminder", 1)).toBe(silent.length);
		for (const p of silent)
			expect(
				texts(p).filter((x) => x.includes("census_answer")),
				p.email,
			).toHaveLength(2);
		for (const p of [...answered, ...optedOut])
			expect(t.fake.messagesTo(p.slackUserId), p.email).toHaveLength(1);
	});

	it("nudges each manager of a low-uptake group once per wave, with rates and never names", async () => {
		const nudged = await count("nudge", 1);
		expect(nudged).toBeGreaterThan(0);
		expect(nudged).toBeLessThanOrEqual(managers.length);
		for (const m of managers) {
			const nudges = texts(m).filter((x) => /uptake|response rate/i.test(x));
			expect(nudges.length, m.email).toBeLessThanOrEqual(1);
			for (const n of nudges) {
				expect(n).toMatch(/\d+%/);
				for (const p of people) {
					expect(n).not.toContain(p.email);
					expect(n).not.toContain(p.slackUserId);
				}
			}
		}
	});

	it("posts participation (not answers) to the leadership channel each week", async () => {
		await until(
			async () => t.fake.messagesTo("#leadership").length > 0,
			10_000,
			"the progress post",
		);
		const post = t.fake.messagesTo("#leadership")[0];
		expect(post?.text).toMatch(/\d+% of people have answered so far/);
		expect(JSON.stringify(post)).not.toMatch(/occ_|working.class/i);
	});

	it("sends a reminder wave on /census remind, and no second nudge on /census nudge right after", async () => {
		const remind = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"remind",
		);
		expect(await reply(t, remind.responseUrl)).toMatch(
			/Reminder wave 2: \d+ reminders queued/,
		);
		await settled();
		expect(await count("reminder", 2)).toBe(await count("reminder", 1));
		const nudge = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"nudge",
		);
		// Wave 2's nudges went out with the reminders just now: nobody is nudged twice in one wave.
		expect(await reply(t, nudge.responseUrl)).toMatch(
			/No manager was nudged: \d+ managers? already had a nudge in this wave/,
		);
		await settled();
		expect(await count("nudge", 2)).toBeGreaterThan(0);
		expect(await count("nudge", 1001)).toBe(0);
		const status = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"status",
		);
		await reply(t, status.responseUrl);
		const body = JSON.stringify(
			t.fake.responses.find((r) => r.url === status.responseUrl)?.body,
		);
		expect(body).toMatch(/Reminders: \d+ sent, 0 queued, 0 unknown/);
	});

	it("sends no more automatic waves than the cadence allows, and closes at the closing time", async () => {
		now = new Date(openedAt.getTime() + 13 * day);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await count("reminder", 3)).toBe(0);
		now = new Date(openedAt.getTime() + 16 * day);
		await until(
			async () =>
				(await t.runtime.service.listCampaigns(1))[0]?.status === "closed",
			20_000,
			"the automatic close",
		);
		await until(
			async () =>
				t.fake
					.messagesTo(admin.slackUserId)
					.some((m) => /closed as planned/.test(m.text ?? "")),
			10_000,
			"the admin's notice",
		);
	});
});
