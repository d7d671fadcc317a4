import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verbs } from "../../src/chat/teams/cards/adaptive-card.js";
import { personalConversationId } from "../../src/sim/fake-bot-connector.js";
import {
	cardAction,
	personalInstall,
	personalMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { englishTitle, welshTitle } from "../support/invitation-titles.js";
import {
	importRosterCsv,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

const { appId, tenantId } = testTeamsApp;

/** The admin who starts the census: their Teams is in Welsh, so the campaign's language is Welsh. */
const admin: TeamsTestUser = {
	id: "29:lang-admin",
	aadObjectId: "aad-lang-admin",
	name: "Admin",
	locale: "cy-GB",
};
/** Another admin, whose Teams is in English (UK): they close the census and post its report. */
const englishAdmin: TeamsTestUser = {
	id: "29:lang-en-admin",
	aadObjectId: "aad-lang-en-admin",
	name: "English admin",
	locale: "en-GB",
};
const leadership = "19:lang@thread.tacv2";
/** Teams is set to Welsh; the roster says nothing. */
const byClient: TeamsTestUser = {
	id: "29:lang-cy-client",
	aadObjectId: "aad-lang-cy-client",
	name: "Client Welsh",
	locale: "cy-GB",
};
/** Teams is set to US English; the roster says Welsh, and the roster wins. */
const byRoster: TeamsTestUser = {
	id: "29:lang-cy-roster",
	aadObjectId: "aad-lang-cy-roster",
	name: "Roster Welsh",
	locale: "en-US",
};
/** Teams is set to French, which is not served: the default (English) it is. */
const unserved: TeamsTestUser = {
	id: "29:lang-fr",
	aadObjectId: "aad-lang-fr",
	name: "French client",
	locale: "fr-FR",
};
const people = [byClient, byRoster, unserved];

/**
 * In Teams a person's language is the roster's, else the locale their Teams client sends (kept with their chat),
 * else the default: the invitation, and the cards their buttons bring, are drawn in it.
 */
describe("a person's language in Teams", () => {
	let t: TestCensus<"teams">;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	const sendsTo = (p: TeamsTestUser) =>
		t.connector
			.delivered("send")
			.filter((c) => c.conversationId === personalConversationId(p.id))
			.map((c) => JSON.stringify(c.body));

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [admin.aadObjectId, englishAdmin.aadObjectId],
			label: "teamslang",
			platforms: ["teams"],
			languages: "cy",
		});
		ctx = { serviceUrl: t.connector.serviceUrl, tenantId, appId };
		sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId,
			signer: t.connector.signer,
		});
		expect(
			await importRosterCsv(
				t,
				[
					"email,department,grade,teams_user_id,language",
					`cy-client@example.org,Policy,G7,${byClient.id},`,
					`cy-roster@example.org,Policy,G7,${byRoster.id},cy`,
					`fr@example.org,Policy,G7,${unserved.id},`,
					"",
				].join("\n"),
			),
		).toBe(0);
		for (const p of people)
			expect((await sender.post(personalInstall(ctx, p))).status).toBe(200);
		const started = await sender.post(
			personalMessage(
				ctx,
				admin,
				`census start channel=${leadership} reminders=0`,
			),
		);
		expect(started.status).toBe(200);
		await until(
			async () => people.every((p) => sendsTo(p).length === 1),
			30_000,
			"the invitations",
		);
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites in the roster's language, else the Teams client's, else the default", () => {
		const [client] = sendsTo(byClient);
		expect(client).toContain(welshTitle);
		expect(client).toContain("Ar agor tan ddiwedd ");
		expect(client).not.toContain(englishTitle);
		const [roster] = sendsTo(byRoster);
		expect(roster).toContain(welshTitle);
		const [french] = sendsTo(unserved);
		expect(french).toContain(englishTitle);
		expect(french).toContain("Open until the end of ");
		expect(french).not.toContain("Cyfrifiad");
	});

	it("draws the cards a button brings in the reader's language", async () => {
		const campaignId = (await t.runtime.service.listCampaigns(1))[0]?.id;
		const open = async (p: TeamsTestUser) =>
			JSON.stringify(
				(
					await sender.post(
						cardAction(ctx, p, {
							verb: verbs.answer,
							data: { campaignId },
						}),
					)
				).body,
			);
		const cy = await open(byClient);
		expect(cy).toContain("Beth oedd galwedigaeth prif enillydd");
		expect(cy).toContain("Anfon yn ddienw");
		const roster = await open(byRoster);
		expect(roster).toContain("Beth oedd galwedigaeth prif enillydd");
		const en = await open(unserved);
		expect(en).toContain("What was the occupation of your main household");
		expect(en).toContain("Send anonymously");
	});

	it("posts the report in the campaign's language (the Welsh starter's), while the English admin's replies stay English", async () => {
		const conversation = personalConversationId(englishAdmin.id);
		const before = t.connector.calls.length;
		expect(
			(await sender.post(personalMessage(ctx, englishAdmin, "census close")))
				.status,
		).toBe(200);
		const sent = () =>
			t.connector.calls
				.slice(before)
				.filter((c) => c.kind === "send" && c.conversationId === conversation);
		await until(async () => sent().length >= 2, 30_000, "the close");
		expect(String(sent()[0]?.body.text)).toMatch(/ is closed\. /);
		const campaignId = (await t.runtime.service.listCampaigns(1))[0]?.id;
		const posting = t.connector.calls.length;
		const answer = await sender.post(
			cardAction(ctx, englishAdmin, {
				verb: verbs.publish,
				data: { campaignId },
			}),
		);
		expect(answer.status).toBe(200);
		expect(JSON.stringify(answer.body)).toContain(`Posted to ${leadership}`);
		const [post] = t.connector.calls
			.slice(posting)
			.filter((c) => c.conversationId === leadership);
		const card = JSON.stringify(post?.body);
		expect(card).toMatch(/: canlyniadau/);
		expect(card).not.toMatch(/: results/);
	}, 30_000);
});
