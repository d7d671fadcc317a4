import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewText } from "../../src/chat/admin/start-form.js";
import { text } from "../../src/chat/messages.js";
import {
	type AdaptiveCard,
	adaptiveCardType,
	verbs,
} from "../../src/chat/teams/cards/adaptive-card.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { startFields } from "../../src/domain/campaigns/parse-start-arguments.js";
import {
	channelCardAction,
	channelMention,
	personalMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { TeamsUserSimulator } from "../../src/sim/teams-user-simulator.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { english, translatorFor } from "../../src/text/translator.js";
import { compileCardSchema } from "../support/adaptive-card-schema.js";
import { objects } from "../support/block-json.js";
import { englishOnlyWording } from "../support/english-only-wording.js";
import { markdownLiveMarkup } from "../support/hostile-names.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

const validate = compileCardSchema();
const leadership = "19:leadership@thread.tacv2";
const boardroom = {
	teamId: "19:team@thread.tacv2",
	channelId: "19:boardroom@thread.tacv2",
};

function inDays(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function expectValidCard(card: unknown): AdaptiveCard {
	expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
	return card as AdaptiveCard;
}

/** The card's inputs, by id. */
function inputs(card: AdaptiveCard): Map<string, Record<string, unknown>> {
	return new Map(
		objects(card.body)
			.filter((o) => String(o.type).startsWith("Input."))
			.map((o) => [String(o.id), o]),
	);
}

/** The text of every TextBlock, and of those in the attention colour (the problems). */
const texts = (card: AdaptiveCard, color?: string): string[] =>
	objects(card.body)
		.filter((o) => o.type === "TextBlock" && (!color || o.color === color))
		.map((o) => String(o.text));

/** `census start` alone in Teams: the form card, its problems, its preview, and the same start as the inline command. */
describe("the start form in Teams", () => {
	let t: TestCensus<"teams">;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	let admin: TeamsTestUser;
	let eve: TeamsTestUser;
	const good = {
		name: "Teams form census",
		closes: inDays(9),
		channel: leadership,
		target: "60",
		questions: "key,school",
		reminders: "1",
		low: "45",
		hours: "09:00-17:00,mon-fri",
		timezone: "Europe/Paris",
		runby: "People team",
		contact: "people@example.co.uk",
		privacy: "https://people.example.co.uk/privacy",
		message: "Please take part.",
	};

	/** Sends a message in the person's personal chat; returns what the bot said (texts and cards). */
	async function personal(user: TeamsTestUser, said: string) {
		const before = t.connector.calls.length;
		const answer = await sender.post(personalMessage(ctx, user, said));
		expect(answer.status).toBe(200);
		return t.connector.calls.slice(before);
	}
	const click = (user: TeamsTestUser, verb: string, data: object) =>
		new TeamsUserSimulator({ sender, ctx, user }).execute(
			verb,
			data as Record<string, unknown>,
		);

	beforeAll(async () => {
		const people: SyntheticEmployee[] = generateOrganisation(30, 12, "teams");
		const [a, e] = people as [SyntheticEmployee, SyntheticEmployee];
		admin = { id: "29:admin", aadObjectId: a.teamsUserId, name: "Admin" };
		eve = { id: "29:eve", aadObjectId: e.teamsUserId, name: "Eve" };
		t = await startTestCensus({
			admins: [a.teamsUserId],
			label: "teamsstartform",
			platforms: ["teams"],
			languages: "cy",
		});
		expect(await importPeople(t, people)).toBe(0);
		sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId: testTeamsApp.appId,
			signer: t.connector.signer,
		});
		ctx = {
			serviceUrl: t.connector.serviceUrl,
			tenantId: testTeamsApp.tenantId,
			appId: testTeamsApp.appId,
		};
		// Eve's chat is captured, so that her click is judged on who she is, not where she clicked.
		await personal(eve, "hello");
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("sends a form card with every setting, the defaults filled in, and the invitation previewed", async () => {
		const calls = await personal(admin, "census start");
		expect(calls).toHaveLength(1);
		const attachments = calls[0]?.body.attachments as
			| { contentType: string; content: unknown }[]
			| undefined;
		const attachment = attachments?.[0];
		expect(attachment?.contentType).toBe(adaptiveCardType);
		const card = expectValidCard(attachment?.content);
		const byId = inputs(card);
		expect([...byId.keys()].sort()).toEqual([...startFields].sort());
		expect(byId.get("closes")).toMatchObject({
			type: "Input.Date",
			value: inDays(14),
		});
		expect(byId.get("target")).toMatchObject({ value: 70 });
		expect(byId.get("reminders")).toMatchObject({ value: "3" });
		expect(byId.get("questions")).toMatchObject({
			type: "Input.ChoiceSet",
			isMultiSelect: true,
			value: "key",
		});
		expect(byId.get("timezone")).toMatchObject({ value: "Europe/London" });
		expect(texts(card)).toContain(english.t("invitation.why"));
		expect(
			(card.actions ?? []).map((a) => (a as { verb?: string }).verb),
		).toEqual([verbs.start, verbs.startPreview]);
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("answers a submission with problems with the form again, each problem under its input, and starts nothing", async () => {
		const reply = await click(admin, verbs.start, {
			...good,
			closes: inDays(-2),
			target: 0,
			timezone: "Mars/Olympus",
			channel: "",
		});
		expect(reply.status).toBe(200);
		const card = expectValidCard(reply.card);
		const problems = texts(card, "Attention");
		expect(problems).toEqual(
			expect.arrayContaining([
				"closes must be after today",
				"target must be a whole percentage from 1 to 100",
				expect.stringMatching(/^timezone: /),
				expect.stringMatching(/^channel is required/),
			]),
		);
		// What was typed stays in the inputs.
		expect(inputs(card).get("name")).toMatchObject({ value: good.name });
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("redraws the preview with the settings typed, the organisation's words escaped", async () => {
		const hostile = "**Board** [click](https://evil.example) <b>x</b>";
		const reply = await click(admin, verbs.startPreview, {
			...good,
			runby: hostile,
			contact: hostile,
		});
		const card = expectValidCard(reply.card);
		const previewed = texts(card).filter((s) => s.includes("evil.example"));
		expect(previewed.length).toBeGreaterThanOrEqual(2);
		for (const s of previewed) expect(markdownLiveMarkup(s), s).toEqual([]);
		expect(texts(card, "Attention")).toEqual([]);
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("refuses a non-admin's click on the form, and starts nothing", async () => {
		const before = t.connector.calls.length;
		const reply = await click(eve, verbs.start, good);
		expect(texts(expectValidCard(reply.card))).toEqual([text.notAdmin]);
		const preview = await click(eve, verbs.startPreview, good);
		expect(texts(expectValidCard(preview.card))).toEqual([text.notAdmin]);
		expect(t.connector.calls.slice(before)).toEqual([]);
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("still reads inline arguments, without a form", async () => {
		const calls = await personal(
			admin,
			`census start target=500 channel=${leadership}`,
		);
		expect(calls.map((c) => c.body.text)).toEqual([
			expect.stringMatching(
				/^Can't start the census: target must be a whole percentage/,
			),
		]);
	});

	it("speaks the admin's Teams client language: the form, its problems, the inline command's problems", async () => {
		const cy = translatorFor("cy");
		const welsh: TeamsTestUser = { ...admin, locale: "cy" };
		const [sent] = await personal(welsh, "census start");
		const attachments = sent?.body.attachments as
			| { content: unknown }[]
			| undefined;
		const card = expectValidCard(attachments?.[0]?.content);
		expect(texts(card)[0]).toBe(cy.t("startForm.title"));
		expect(texts(card)).toContain(cy.t("invitation.why"));
		for (const s of texts(card))
			expect(
				englishOnlyWording.filter((w) => s.includes(w)),
				s,
			).toEqual([]);
		const reply = await click(welsh, verbs.start, { ...good, target: 0 });
		expect(texts(expectValidCard(reply.card), "Attention")).toEqual([
			previewText(cy).fixThese,
			cy.t("startArgs.targetRange"),
		]);
		const calls = await personal(
			welsh,
			`census start target=500 channel=${leadership}`,
		);
		// The problem, then the usage line.
		expect(calls.map((c) => String(c.body.text).split("\n")[0])).toEqual([
			cy.t("start.cannot", { problems: cy.t("startArgs.targetRange") }),
		]);
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("in a channel, sends the form with the channel optional: left empty, it is no problem there", async () => {
		const before = t.connector.calls.length;
		const sent = await sender.post(
			channelMention(ctx, admin, boardroom, "census start"),
		);
		expect(sent.status).toBe(200);
		const attachments = t.connector.calls.slice(before)[0]?.body.attachments as
			| { content: unknown }[]
			| undefined;
		const card = expectValidCard(attachments?.[0]?.content);
		expect(inputs(card).get("channel")).toEqual(
			expect.objectContaining({ placeholder: "Leave empty for this channel" }),
		);
		expect(inputs(card).get("channel")).not.toHaveProperty("value");
		const clicked = async (user: TeamsTestUser) => {
			const answer = await sender.post(
				channelCardAction(ctx, user, boardroom, {
					verb: verbs.start,
					data: { ...good, channel: "", target: "0" },
				}),
			);
			return expectValidCard(
				(JSON.parse(answer.body) as { value: unknown }).value,
			);
		};
		// Only the target is wrong: the empty channel means this channel.
		expect(texts(await clicked(admin), "Attention")).toEqual([
			previewText(english).fixThese,
			"target must be a whole percentage from 1 to 100",
		]);
		expect(texts(await clicked(eve))).toEqual([text.notAdmin]);
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("starts the census with the submitted settings, exactly as the inline command, and says so", async () => {
		const before = t.connector.calls.length;
		const reply = await click(admin, verbs.start, { ...good, target: 60 });
		const card = expectValidCard(reply.card);
		expect(texts(card).join(" ")).toContain("Teams form census");
		const said = () =>
			t.connector.calls.slice(before).map((c) => String(c.body.text ?? ""));
		// Answered within the turn; the outcome follows proactively, as for the inline command.
		expect(said()).toContain(
			"Starting **Teams form census**… I'll message you here once the invitations are queued, or if it cannot start.",
		);
		await waitFor(
			() => said().find((s) => /is open until .*Inviting 30 people/.test(s)),
			30_000,
			"the start's outcome",
		);
		const campaign = await t.runtime.service.currentCampaign();
		expect(campaign).toMatchObject({
			name: good.name,
			closesOn: good.closes,
			channel: leadership,
			targetRate: 60,
			questions: ["key", "school"],
			reminderMax: 1,
			lowUptakePercent: 45,
			workingHours: good.hours,
			timeZone: good.timezone,
			startedBy: admin.aadObjectId,
			organiser: {
				runBy: good.runby,
				contact: good.contact,
				privacyUrl: good.privacy,
				message: good.message,
			},
		});
	});
});
