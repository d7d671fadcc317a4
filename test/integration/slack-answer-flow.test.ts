import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import type { FakeMessage, FakeView } from "../../src/sim/fake-slack-types.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import { waitForSlackInvitations } from "../support/wait-for-slack-invitations.js";

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

function keyAnswer(value: string) {
	return {
		q_key: {
			choice: {
				type: "radio_buttons" as const,
				selected_option: {
					value,
					text: { type: "plain_text" as const, text: "x" },
				},
			},
		},
	};
}

describe("answering through Slack", () => {
	let t: TestCensus;
	let people: SyntheticEmployee[];
	let admin: SyntheticEmployee;
	const dm = (p: SyntheticEmployee): FakeMessage =>
		t.fake.messagesTo(p.slackUserId)[0] as FakeMessage;

	async function openModal(p: SyntheticEmployee): Promise<FakeView> {
		const before = t.fake.openedViews(p.slackUserId).length;
		await t.sim.clickButton({
			userId: p.slackUserId,
			actionId: "census_answer",
			channel: dm(p).channel,
			messageTs: dm(p).ts,
		});
		return waitFor(
			() => t.fake.openedViews(p.slackUserId)[before],
			10_000,
			"a modal",
		);
	}

	async function currentId() {
		const campaign = await t.runtime.service.currentCampaign();
		if (!campaign) throw new Error("no campaign is open");
		return campaign.id;
	}

	beforeAll(async () => {
		people = generateOrganisation(25, 3);
		admin = people[0] as SyntheticEmployee;
		// The admin is named by email: the bot finds the email through the roster.
		t = await startTestCensus({
			admins: [admin.email.toUpperCase()],
			label: "flow",
		});
		expect(await importPeople(t, people)).toBe(0);
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership questions=key,fsm",
		);
		expect(await reply(t, started.responseUrl)).toMatch(/is open until/);
		await waitForSlackInvitations(t, people, 30_000);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("offers the campaign's questions with stable option ids and prefer-not-to-say", async () => {
		const view = await openModal(people[1] as SyntheticEmployee);
		const blocks = view.blocks as {
			block_id?: string;
			element?: { options: { value: string }[] };
		}[];
		const inputs = blocks.filter((b) => b.element);
		expect(inputs.map((b) => b.block_id)).toEqual(["q_key", "q_fsm"]);
		expect(inputs[0]?.element?.options.map((o) => o.value)).toContain(
			"occ_pnts",
		);
		expect(inputs[1]?.element?.options.map((o) => o.value)).toContain(
			"fsm_pnts",
		);
		expect(view.private_metadata).toMatch(/^[0-9a-f-]{36}$/);
	});

	it("records an answer once and refuses a second one kindly", async () => {
		const p = people[2] as SyntheticEmployee;
		const view = await openModal(p);
		const first = await t.sim.submitView({
			userId: p.slackUserId,
			view,
			values: keyAnswer("occ_routine"),
		});
		expect(first.body).toContain(text.thanks.slice(0, 30));
		const second = await t.sim.submitView({
			userId: p.slackUserId,
			view,
			values: keyAnswer("occ_professional"),
		});
		expect(second.body).toContain("already answered");
		const rates = await t.runtime.service.responseRates(await currentId());
		expect(rates.overall.responded).toBe(1);
		const again = await openModal(p);
		expect(JSON.stringify(again.blocks)).toContain("already answered");
		await waitFor(
			() => (dm(p).text === text.thanks ? true : undefined),
			5000,
			"the thank-you",
		);
	});

	it("rejects an option id that is not in the catalogue without recording anything", async () => {
		const p = people[3] as SyntheticEmployee;
		const view = await openModal(p);
		const res = await t.sim.submitView({
			userId: p.slackUserId,
			view,
			values: keyAnswer("occ_made_up"),
		});
		expect(res.json).toMatchObject({ response_action: "errors" });
		const rates = await t.runtime.service.responseRates(await currentId());
		expect(rates.overall.responded).toBe(1);
	});

	it("says so, with a reference, when an answer cannot be stored, and records nothing", async () => {
		const p = people[7] as SyntheticEmployee;
		const raw = new pg.Client({ connectionString: t.db.url });
		await raw.connect();
		try {
			const view = await openModal(p);
			await raw.query("alter table sealed_ballot rename to sealed_ballot_away");
			const failed = await t.sim.submitView({
				userId: p.slackUserId,
				view,
				values: keyAnswer("occ_clerical"),
			});
			expect(failed.body).toMatch(
				/something went wrong on our side and nothing was changed/,
			);
			expect(failed.body).toMatch(/reference [0-9a-f]{8}/);
			expect(failed.body).not.toContain("occ_clerical");
			const status = await raw.query(
				"select i.status from invitation i join employee e on e.id = i.employee_id where e.slack_user_id = $1",
				[p.slackUserId],
			);
			expect(status.rows[0].status).not.toBe("responded");
			await raw.query("alter table sealed_ballot_away rename to sealed_ballot");
			const retried = await t.sim.submitView({
				userId: p.slackUserId,
				view,
				values: keyAnswer("occ_clerical"),
			});
			expect(retried.body).toContain(text.thanks.slice(0, 30));
		} finally {
			await raw
				.query(
					"alter table if exists sealed_ballot_away rename to sealed_ballot",
				)
				.catch(() => undefined);
			await raw.end();
		}
		expect(t.logs.join("\n")).not.toContain("occ_clerical");
	});

	it("records an opt-out and keeps the answer button", async () => {
		const p = people[4] as SyntheticEmployee;
		await t.sim.clickButton({
			userId: p.slackUserId,
			actionId: "census_optout",
			channel: dm(p).channel,
			messageTs: dm(p).ts,
		});
		await waitFor(
			() => (dm(p).text === text.optedOut ? true : undefined),
			5000,
			"the opt-out reply",
		);
		expect(JSON.stringify(dm(p).blocks)).toContain("census_answer");
		const rates = await t.runtime.service.responseRates(await currentId());
		expect(rates.overall.optedOut).toBe(1);
	});

	it("shows App Home with the census state and the trust statement", async () => {
		const answeredPerson = people[2] as SyntheticEmployee;
		const waiting = people[5] as SyntheticEmployee;
		await t.sim.appHomeOpened(answeredPerson.slackUserId);
		await t.sim.appHomeOpened(waiting.slackUserId);
		const a = await waitFor(
			() => t.fake.homeView(answeredPerson.slackUserId),
			5000,
			"home view",
		);
		const w = await waitFor(
			() => t.fake.homeView(waiting.slackUserId),
			5000,
			"home view",
		);
		expect(JSON.stringify(a.blocks)).toContain("You have answered");
		expect(JSON.stringify(w.blocks)).toContain("census_answer");
		expect(JSON.stringify(w.blocks)).toContain("What we cannot protect");
	});

	it("shows status by reporting group and refuses a second campaign", async () => {
		const status = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"status",
		);
		expect(await reply(t, status.responseUrl)).toMatch(/: 8% responded/);
		const body = t.fake.responses.find(
			(r) => r.url === status.responseUrl,
		)?.body;
		expect(JSON.stringify(body)).toContain("of 25");
		// 25 people in nine departments: every department is under 20, so they are merged, and status says so.
		expect(JSON.stringify(body)).toMatch(
			/are merged, fixed at launch: Other departments combines/,
		);
		const again = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start channel=#leadership",
		);
		expect(await reply(t, again.responseUrl)).toMatch(/already open/);
	});

	it("publishes no breakdown when fewer than 10 answers are classified", async () => {
		const closed = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"close",
		);
		expect(await reply(t, closed.responseUrl)).toMatch(/is closed/);
		// The admin first gets a private preview; nothing reaches the channel until they press the button.
		await waitFor(
			() =>
				t.fake.responses.some(
					(r) =>
						r.url === closed.responseUrl &&
						JSON.stringify(r.body).includes("census_publish"),
				) || undefined,
			10_000,
			"the preview",
		);
		expect(t.fake.messagesTo("#leadership")).toHaveLength(0);
		// Someone who is not an admin cannot post it, even with the button in hand.
		const outsider = people[5] as SyntheticEmployee;
		const refused = await t.sim.clickResponseButton({
			userId: outsider.slackUserId,
			responseUrl: closed.responseUrl as string,
			actionId: "census_publish",
		});
		expect(await reply(t, refused.responseUrl)).toBe(text.notAdmin);
		expect(t.fake.messagesTo("#leadership")).toHaveLength(0);
		const pressed = await t.sim.clickResponseButton({
			userId: admin.slackUserId,
			responseUrl: closed.responseUrl as string,
			actionId: "census_publish",
		});
		expect(await reply(t, pressed.responseUrl)).toBe("Posted to #leadership.");
		const post = await waitFor(
			() => t.fake.messagesTo("#leadership")[0],
			5000,
			"the report",
		);
		const posted = JSON.stringify(post.blocks);
		expect(posted).toMatch(/could be classified|no breakdown/);
		expect(posted).not.toMatch(/Working-class background:\*\s*\d/);
		expect(t.fake.uploadedFiles()).toHaveLength(0);
		const late = people[6] as SyntheticEmployee;
		await t.sim.clickButton({
			userId: late.slackUserId,
			actionId: "census_answer",
			channel: dm(late).channel,
			messageTs: dm(late).ts,
		});
		const view = await waitFor(
			() => t.fake.openedViews(late.slackUserId).at(-1),
			5000,
			"a modal",
		);
		expect(JSON.stringify(view.blocks)).toContain("has closed");
	});

	it("/census results shows the stored report privately, the same as posted, and says when it was posted", async () => {
		const asked = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"results",
		);
		const preview = await waitFor(
			() =>
				t.fake.responses.find(
					(r) =>
						r.url === asked.responseUrl &&
						JSON.stringify(r.body).includes("census_publish"),
				),
			10_000,
			"the results preview",
		);
		const body = JSON.stringify(preview.body);
		expect(body).toMatch(
			/Posted to #leadership on \d{1,2} [A-Z][a-z]+ \d{4}\./,
		);
		expect(body).toContain("Post again to #leadership");
		const stranger = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"results 00000000-0000-4000-8000-000000000000",
		);
		expect(await reply(t, stranger.responseUrl)).toMatch(
			/No closed campaign has the id/,
		);
	});

	it("shows admins the admin Home tab: campaigns and the last report", async () => {
		await t.sim.appHomeOpened(admin.slackUserId);
		const home = await waitFor(
			() =>
				t.fake
					.callsTo("views.publish")
					.filter((c) => c.params.user_id === admin.slackUserId)
					.at(-1),
			10_000,
			"the admin home",
		);
		const view = JSON.stringify(home.params.view);
		expect(view).toContain("Census admin");
		expect(view).toContain(`Census ${new Date().getUTCFullYear()}`);
	});
});
