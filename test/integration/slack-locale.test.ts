import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/sim/wait-for.js";
import { englishTitle, welshTitle } from "../support/invitation-titles.js";
import {
	importRosterCsv,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

/** The admin who starts the census: Slack is set to Welsh; the roster says nothing. */
const welshAdmin = { id: "UWELSHADMIN", email: "cy-admin@example.org" };
/** Another admin, whose Slack is in US English: they close the census and post its report. */
const englishAdmin = { id: "UENADMIN", email: "en-admin@example.org" };
/** A dozen people with no Slack id on the roster (an HR export): one reads Slack in Welsh, the rest in US English. */
const people = Array.from({ length: 12 }, (_, i) => ({
	id: `U${300 + i}`,
	email: `locale${i}@example.org`,
	locale: i === 0 ? "cy-GB" : "en-US",
}));
const [welsh, english] = people as [
	(typeof people)[number],
	(typeof people)[number],
];

/**
 * Slack's own locale is a person's language when the roster gives none: the reach check's `users.list` brings it
 * (include_locale) with each Slack id, at no call of its own. The campaign takes the language of the admin who
 * started it, and its leadership report is posted in it, whoever presses Post; that admin's own replies stay in
 * their language. Driven through the real Slack SDKs against the fake Slack.
 */
describe("Slack's locale as a person's language, and the campaign's language (Slack)", () => {
	let t: TestCensus;
	const dms = (userId: string) => t.fake.messagesTo(userId);
	const json = (m: { text?: string | undefined; blocks?: unknown }) =>
		JSON.stringify({ text: m.text, blocks: m.blocks });

	/** Runs a command and returns every reply it got, once `done` says the last one has come. */
	async function command(
		userId: string,
		text: string,
		done: (replies: string[]) => boolean,
	) {
		const sent = await t.sim.slashCommand(userId, "/census", text);
		const replies = await waitFor(
			() => {
				const replies = t.fake.responses
					.filter((r) => r.url === sent.responseUrl)
					.map((r) => String((r.body as { text?: string }).text ?? ""));
				return done(replies) ? replies : undefined;
			},
			30_000,
			`replies to ${text}`,
		);
		return { replies, responseUrl: sent.responseUrl as string };
	}

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [welshAdmin.id, englishAdmin.id],
			label: "slacklocale",
			tickMs: 250,
			languages: "cy",
		});
		t.fake.addUser({ ...welshAdmin, locale: "cy-GB" });
		t.fake.addUser({ ...englishAdmin, locale: "en-US" });
		for (const p of people) t.fake.addUser(p);
		const rows = [welshAdmin, englishAdmin, ...people].map(
			(p, i) => `${p.email},Ops,G${i % 3},`,
		);
		expect(
			await importRosterCsv(
				t,
				`email,department,grade,language\n${rows.join("\n")}\n`,
			),
		).toBe(0);
		// The check lists the workspace (14 emails: users.list, not one lookup each) and records ids and locales.
		await command(welshAdmin.id, "check", (r) => r.length >= 1);
		expect(t.fake.callsTo("users.list").length).toBeGreaterThan(0);
		const started = await command(
			welshAdmin.id,
			"start channel=#leadership closes=2099-01-01 reminders=0",
			(r) => r.some((x) => x.includes("ar agor tan")),
		);
		expect(started.replies.join("\n")).not.toContain("is open until");
		await until(
			async () =>
				[welshAdmin, englishAdmin, ...people].every(
					(p) => dms(p.id).length === 1,
				),
			30_000,
			"the invitations",
		);
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites someone whose Slack is in Welsh in Welsh, and someone whose Slack is in US English in English", () => {
		const cy = dms(welsh.id)[0];
		expect(cy?.text).toBe(welshTitle);
		expect(json(cy ?? {})).toContain("Ar agor tan ddiwedd ");
		const en = dms(english.id)[0];
		expect(en?.text).toBe(englishTitle);
		expect(json(en ?? {})).toContain("Open until the end of ");
		expect(json(en ?? {})).not.toContain("Cyfrifiad");
		// At no call of its own: the locales came with the listing, and nobody was looked up one by one.
		expect(t.fake.callsTo("users.list")).toHaveLength(1);
		expect(t.fake.callsTo("users.info")).toHaveLength(0);
		expect(t.fake.callsTo("users.lookupByEmail")).toHaveLength(0);
	});

	it("posts the report in the campaign's language (the Welsh starter's), while the English admin's replies stay English", async () => {
		const closed = await command(englishAdmin.id, "close", (r) =>
			r.some((x) => x.includes("is closed")),
		);
		await waitFor(
			() =>
				t.fake.responses.some(
					(r) =>
						r.url === closed.responseUrl &&
						JSON.stringify(r.body).includes("census_publish"),
				) || undefined,
			20_000,
			"the preview",
		);
		const pressed = await t.sim.clickResponseButton({
			userId: englishAdmin.id,
			responseUrl: closed.responseUrl,
			actionId: "census_publish",
		});
		const posted = await waitFor(
			() =>
				(
					t.fake.responses.find((r) => r.url === pressed.responseUrl)?.body as
						| { text?: string }
						| undefined
				)?.text,
			10_000,
			"the Post reply",
		);
		expect(posted).toBe("Posted to #leadership.");
		const post = await waitFor(
			() => t.fake.messagesTo("#leadership")[0],
			10_000,
			"the report",
		);
		expect(post.text).toMatch(/: canlyniadau$/);
		expect(JSON.stringify(post.blocks)).not.toContain(": results");
		const campaigns = await t.runtime.prisma.$queryRawUnsafe<
			{ language: string | null }[]
		>("select language from campaign");
		expect(campaigns).toEqual([{ language: "cy" }]);
	}, 30_000);
});
