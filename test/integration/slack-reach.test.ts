import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

/**
 * An ordinary HR export (emails, departments, grades; no chat ids) run end to end through the fake Slack: the reach
 * check and `/census start` resolve it by email (users.list), every reachable person is invited exactly once, every
 * unreachable one is listed with the right reason and counted in no rate, and someone who joins Slack later is
 * invited with the next wave.
 */
describe("reaching an HR export in Slack", () => {
	let t: TestCensus;
	const admin = "UADMIN";
	const active = Array.from({ length: 24 }, (_, i) => ({
		id: `U${100 + i}`,
		email: `person${i}@example.org`,
	}));
	const unreachable = {
		"gone@example.org": "deactivated",
		"guest@example.org": "guest",
		"robot@example.org": "bot",
		"late@example.org": "not_found",
		"nobody1@example.org": "not_found",
		"nobody2@example.org": "not_found",
	};
	const sql = <T = Record<string, unknown>>(q: string, ...params: unknown[]) =>
		t.runtime.prisma.$queryRawUnsafe<T[]>(q, ...params);

	/** Runs a command and returns every reply it got, once `done` says the last one has come. */
	async function command(
		text: string,
		done: (replies: string[]) => boolean,
	): Promise<string[]> {
		const sent = await t.sim.slashCommand(admin, "/census", text);
		return waitFor(
			() => {
				const replies = t.fake.responses
					.filter((r) => r.url === sent.responseUrl)
					.map((r) => String((r.body as { text?: string }).text ?? ""));
				return done(replies) ? replies : undefined;
			},
			20_000,
			`replies to ${text}`,
		);
	}

	const dmsTo = (userId: string) =>
		t.fake
			.callsTo("chat.postMessage")
			.filter((c) => c.params.channel === userId && !c.error);

	beforeAll(async () => {
		t = await startTestCensus({ admins: [admin], label: "reach", tickMs: 200 });
		// Slack keeps the case people typed; the HR file has it lower-cased.
		for (const p of active)
			t.fake.addUser({ id: p.id, email: p.email.toUpperCase() });
		t.fake.addUser({ id: "U0GONE", email: "gone@example.org", deleted: true });
		t.fake.addUser({
			id: "U0GUEST",
			email: "guest@example.org",
			isUltraRestricted: true,
		});
		t.fake.addUser({ id: "U0ROBOT", email: "robot@example.org", isBot: true });
		const file = path.join(os.tmpdir(), `census-hr-${t.db.name}.csv`);
		const rows = [...active.map((p) => p.email), ...Object.keys(unreachable)];
		await writeFile(
			file,
			`email,department,grade\n${rows.map((e, i) => `${e},${i % 2 ? "Sales" : "Ops"},G${i % 3}`).join("\n")}\n`,
		);
		const sink = { write: () => true } as unknown as NodeJS.WritableStream;
		try {
			expect(
				await runRosterImport({
					file,
					dryRun: false,
					databaseUrl: t.db.url,
					out: sink,
				}),
			).toBe(0);
		} finally {
			await rm(file, { force: true });
		}
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("/census check counts who can be reached and sends the admin a CSV of who cannot, and why", async () => {
		const replies = await command("check", (r) => r.length >= 1);
		expect(replies[0]).toContain(
			"24 of 30 people on the roster can be invited (Slack 24)",
		);
		expect(replies[0]).toContain(
			"6 cannot be reached and will not be invited or counted: 3 not found by email, 1 deactivated, 1 guests, 1 bots or apps",
		);
		const file = await waitFor(
			() => t.fake.uploadedFiles().find((f) => f.completed),
			10_000,
			"the CSV upload",
		);
		expect(file.filename).toBe("census-unreachable.csv");
		expect(file.channelId).toBe(t.fake.dmChannelFor(admin));
		const lines = String(file.bytes).trim().split("\r\n");
		expect(lines[0]).toBe("email,reason");
		expect(Object.fromEntries(lines.slice(1).map((l) => l.split(",")))).toEqual(
			unreachable,
		);
		expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);
	});

	it("/census start warns about the unreachable first, then invites every reachable person exactly once", async () => {
		const replies = await command(
			'start name="Reach" closes=2099-01-01 channel=#leadership',
			(r) => r.some((x) => x.includes("is open until")),
		);
		expect(replies[0]).toContain(
			"24 of 30 people on the roster can be invited",
		);
		expect(replies[0]).toContain("Starting anyway");
		expect(replies.at(-1)).toContain("Inviting 24 people");
		await waitFor(
			() => active.every((p) => dmsTo(p.id).length === 1) || undefined,
			20_000,
			"24 invitations",
		);
		// A few sweeps later: nobody got a second one, and nobody unreachable got any.
		await new Promise((r) => setTimeout(r, 800));
		for (const p of active) expect(dmsTo(p.id)).toHaveLength(1);
		for (const id of ["U0GONE", "U0GUEST", "U0ROBOT"])
			expect(dmsTo(id)).toHaveLength(0);
		expect(t.fake.callsTo("chat.postMessage")).toHaveLength(24);
		const statuses = await sql<{ status: string; n: number }>(
			"select status, count(*)::int as n from invitation group by 1 order by 1",
		);
		expect(statuses).toEqual([
			{ status: "invited", n: 24 },
			{ status: "unreachable", n: 6 },
		]);
		const reasons = await sql<{ email: string; unreachable_reason: string }>(
			"select email, unreachable_reason from employee where unreachable_reason is not null",
		);
		expect(
			Object.fromEntries(reasons.map((r) => [r.email, r.unreachable_reason])),
		).toEqual(unreachable);
	});

	it("counts the unreachable in no rate", async () => {
		const campaign = await t.runtime.service.currentCampaign();
		if (!campaign) throw new Error("no campaign");
		const rates = await t.runtime.service.responseRates(campaign.id);
		expect(rates.overall).toMatchObject({ invited: 24, unreachable: 6 });
		expect(rates.groups.reduce((n, g) => n + g.invited, 0)).toBe(24);
	});

	it("invites someone who joined Slack since the start with the next wave, once", async () => {
		t.fake.addUser({ id: "U0LATE", email: "Late@example.org" });
		const check = await command("check", (r) => r.length >= 1);
		expect(check[0]).toContain("25 of 30 people");
		const remind = await command("remind", (r) => r.length >= 1);
		expect(remind[0]).toContain(
			"1 person who could not be reached at the start is invited now",
		);
		await waitFor(
			() => dmsTo("U0LATE").length === 1 || undefined,
			20_000,
			"the late invitation",
		);
		await command("remind", (r) => r.length >= 1);
		await new Promise((r) => setTimeout(r, 800));
		const invites = await sql<{ n: number }>(
			`select count(*)::int as n from delivery d join employee e on e.id = d.employee_id
			 where d.kind = 'invite' and e.email = 'late@example.org'`,
		);
		expect(invites[0]?.n).toBe(1);
		const campaign = await t.runtime.service.currentCampaign();
		if (!campaign) throw new Error("no campaign");
		expect(
			(await t.runtime.service.responseRates(campaign.id)).overall,
		).toMatchObject({ invited: 25, unreachable: 5 });
	});
});
