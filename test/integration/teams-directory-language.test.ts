import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	personalMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import type { FakeGraphUser } from "../fakes/fake-graph-types.js";
import { englishTitle, welshTitle } from "../support/invitation-titles.js";
import {
	importRosterCsv,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";
import { until } from "../support/until.js";

const { appId, tenantId } = testTeamsApp;

/** Starts the census in English (UK): the campaign's language says nothing about the people's. */
const admin: TeamsTestUser = {
	id: "29:dirlang-admin",
	aadObjectId: "aad-dirlang-admin",
	name: "Admin",
	locale: "en-GB",
};

function entra(
	name: string,
	extra: Partial<FakeGraphUser> = {},
): FakeGraphUser {
	return {
		id: randomUUID(),
		mail: `${name}@example.org`,
		userPrincipalName: `${name}@example.org`,
		accountEnabled: true,
		...extra,
	};
}

/** The tenant's admins set Welsh; the roster says nothing; the app is not installed yet (no Teams client locale). */
const byDirectory = entra("dir-cy", { preferredLanguage: "cy-GB" });
/** The directory says Welsh, the roster says English (UK): the roster wins. */
const rosterWins = entra("dir-cy-roster-en", { preferredLanguage: "cy-GB" });
/** The directory says French, which is not served: the default. */
const unserved = entra("dir-fr", { preferredLanguage: "fr-FR", hasApp: true });
/** Nothing set anywhere: the default. */
const unset = entra("dir-none");
const people = [byDirectory, rosterWins, unserved, unset];

/**
 * An HR export names no platform ids and no languages: the first invitation, sent before the person has ever opened
 * the app (so before their Teams client's locale is known), is in the language their directory gives, when we
 * speak it.
 */
describe("a Teams person's language from the directory (Graph's preferredLanguage)", () => {
	let t: TestCensus<"teams">;
	const sendsTo = (p: FakeGraphUser) => {
		const chat = t.graph?.tenant.chatIdOf(p.id);
		return (t.connector?.delivered("send") ?? [])
			.filter((c) => c.conversationId === chat)
			.map((c) => JSON.stringify(c.body));
	};

	beforeAll(async () => {
		t = await startTestCensus({
			admins: [admin.aadObjectId],
			label: "teamsdirlang",
			platforms: ["teams"],
			languages: "cy",
			teams: { graph: { users: people, teamsPerSecond: 200 } },
		});
		const ctx: TeamsActivityContext = {
			serviceUrl: t.connector.serviceUrl,
			tenantId,
			appId,
		};
		const sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId,
			signer: t.connector.signer,
		});
		expect(
			await importRosterCsv(
				t,
				[
					"email,department,grade,language",
					`${byDirectory.mail},Policy,G7,`,
					`${rosterWins.mail},Policy,G7,en-GB`,
					`${unserved.mail},Policy,G7,`,
					`${unset.mail},Policy,G7,`,
					"",
				].join("\n"),
			),
		).toBe(0);
		const started = await sender.post(
			personalMessage(
				ctx,
				admin,
				"census start channel=19:dirlang@thread.tacv2 reminders=0",
			),
		);
		expect(started.status).toBe(200);
		await until(
			async () => people.every((p) => sendsTo(p).length === 1),
			60_000,
			"the invitations",
		);
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("invites in the roster's language, else the directory's, else the default", () => {
		const [cy] = sendsTo(byDirectory);
		expect(cy).toContain(welshTitle);
		expect(cy).not.toContain(englishTitle);
		for (const p of [rosterWins, unserved, unset]) {
			const [en] = sendsTo(p);
			expect(en, p.mail ?? "").toContain(englishTitle);
			expect(en, p.mail ?? "").not.toContain(welshTitle);
		}
	});
});
