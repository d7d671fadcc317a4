import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";
import {
	type AdaptiveCard,
	verbs,
} from "../../src/chat/teams/cards/adaptive-card.js";
import {
	personalFileMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import {
	cardButton,
	TeamsUserSimulator,
} from "../../src/sim/teams-user-simulator.js";
import { compileCardSchema } from "../support/adaptive-card-schema.js";
import { FakeTeamsFileHost } from "../support/fake-teams-file-host.js";
import {
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

const { appId, tenantId } = testTeamsApp;
const ada: TeamsTestUser = {
	id: "29:ada",
	aadObjectId: "aad-ada",
	name: "Ada",
};
const eve: TeamsTestUser = {
	id: "29:eve",
	aadObjectId: "aad-eve",
	name: "Eve",
};
const header = "email,department,grade,teams_user_id";
const good = [
	header,
	"ada@example.org,Engineering,G7,aad-x1",
	"bo@example.org,Sales,G6,",
	"cy@example.org,Sales,G6,aad-x2",
].join("\n");
const bad = [
	header,
	"ada@example.org,Engineering,G7,",
	"bo@example.org,Sales,,",
	"cy@example.org,Sales,G6,aad-x2,extra",
].join("\n");
const validate = compileCardSchema();

/** An admin sends the roster CSV to the bot in Teams personal chat, through botbuilder and the fake connector. */
describe("roster upload in Teams personal chat", () => {
	let t: TestCensus<"teams">;
	let files: FakeTeamsFileHost;
	let sender: TeamsActivitySender;
	let ctx: TeamsActivityContext;
	const employees = () => t.runtime.prisma.employee.count();

	/** Sends a file and returns the bot's reply: a text, or the card it attached. */
	async function send(
		user: TeamsTestUser,
		name: string,
		content: string | Buffer,
	): Promise<{ text?: string; card?: AdaptiveCard }> {
		const before = t.connector.calls.length;
		const answer = await sender.post(
			personalFileMessage(ctx, user, {
				name,
				downloadUrl: files.host(name, content),
			}),
		);
		expect(answer.status).toBe(200);
		const replies = t.connector.calls
			.slice(before)
			.filter((c) => c.kind === "reply");
		expect(replies).toHaveLength(1);
		const body = replies[0]?.body ?? {};
		const attachments = body.attachments as
			| { content: AdaptiveCard }[]
			| undefined;
		const card = attachments?.[0]?.content;
		if (card)
			expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
		return {
			...(typeof body.text === "string" ? { text: body.text } : {}),
			...(card ? { card } : {}),
		};
	}

	const cardText = (card: AdaptiveCard | undefined) =>
		(card?.body ?? []).map((b) => String(b.text ?? "")).join("\n");

	beforeAll(async () => {
		t = await startTestCensus({
			admins: ["aad-ada"],
			label: "teamsupload",
			platforms: ["teams"],
			roles: ["web"],
		});
		files = await FakeTeamsFileHost.start();
		ctx = { serviceUrl: t.connector.serviceUrl, tenantId, appId };
		sender = new TeamsActivitySender({
			messagesUrl: `${t.runtime.url}/api/messages`,
			appId,
			signer: t.connector.signer,
		});
	}, 60_000);

	afterAll(async () => {
		await files?.close();
		await t?.stop();
	});

	it("lists a bad file's problems with their line numbers, offers no Import, and imports nothing", async () => {
		const { card } = await send(ada, "people.csv", bad);
		const said = cardText(card);
		expect(said).toContain("people.csv has 2 problems; nothing was imported.");
		expect(said).toContain("line 3: grade is empty");
		expect(said).toContain("line 4: has 5 fields but the header has 4");
		expect(card?.actions ?? []).toEqual([]);
		// Pre-authorized: the bot sends none of its credentials to the file's host.
		expect(files.requests.at(-1)).toEqual({
			name: "people.csv",
			authorization: null,
		});
		expect(await employees()).toBe(0);
	});

	it("refuses a file that is not a CSV without downloading it", async () => {
		const downloads = files.requests.length;
		const { card } = await send(ada, "people.xlsx", good);
		expect(cardText(card)).toContain("people.xlsx is not a CSV file");
		expect(files.requests.length).toBe(downloads);
	});

	it("refuses a file over 20 MB once the download passes the limit", async () => {
		const big = Buffer.alloc(20 * 1024 * 1024 + 1, "a");
		const { card } = await send(ada, "huge.csv", big);
		expect(cardText(card)).toContain("huge.csv is larger than 20 MB");
		expect(await employees()).toBe(0);
	});

	it("refuses a non-admin's file without downloading it or saying anything about it", async () => {
		const downloads = files.requests.length;
		const reply = await send(eve, "people.csv", good);
		expect(reply).toEqual({ text: text.uploadNotAdmin });
		expect(files.requests.length).toBe(downloads);
		expect(await employees()).toBe(0);
	});

	it("gives a good file's dry run, imports it on Import, and only once however often Import is pressed", async () => {
		const { card } = await send(ada, "people.csv", good);
		const said = cardText(card);
		expect(said).toContain("Dry run: 3 rows are valid; nothing was written.");
		expect(said).toContain("1 row has no Teams id");
		expect(await employees()).toBe(0);
		const button = card && cardButton(card, verbs.rosterImport);
		expect(button?.data).toEqual({ uploadId: expect.any(String) });
		// The button carries an id, never the file.
		expect(JSON.stringify(button)).not.toContain("example.org");

		const admin = new TeamsUserSimulator({ sender, ctx, user: ada });
		const first = await admin.execute(verbs.rosterImport, button?.data ?? {});
		expect(first.status).toBe(200);
		expect(cardText(first.card)).toContain(
			"Imported 3 people: 3 new, 0 updated.",
		);
		expect(await employees()).toBe(3);

		const again = await admin.execute(verbs.rosterImport, button?.data ?? {});
		expect(cardText(again.card)).toContain(
			"Nothing was imported: that file was already imported",
		);
		expect(await employees()).toBe(3);
	});

	it("lets nobody else press an admin's Import", async () => {
		const { card } = await send(
			ada,
			"more.csv",
			`${header}\ndee@example.org,Ops,G7,\n`,
		);
		const data = (card && cardButton(card, verbs.rosterImport)?.data) ?? {};
		const outsider = new TeamsUserSimulator({ sender, ctx, user: eve });
		expect(
			cardText((await outsider.execute(verbs.rosterImport, data)).card),
		).toBe(text.notAdmin);
		expect(await employees()).toBe(3);
		const admin = new TeamsUserSimulator({ sender, ctx, user: ada });
		expect(
			cardText((await admin.execute(verbs.rosterImport, data)).card),
		).toContain("Imported 1 person: 1 new, 0 updated.");
		expect(await employees()).toBe(4);
	});

	it("imports through the command line's staged import: the language column lands, and a clash names the file's own line", async () => {
		const admin = new TeamsUserSimulator({ sender, ctx, user: ada });
		const langHeader = "email,department,grade,teams_user_id,language";
		const { card } = await send(
			ada,
			"welsh.csv",
			`${langHeader}\nholder@lang.test,Ops,G7,aad-held,cy\n`,
		);
		const data = (card && cardButton(card, verbs.rosterImport)?.data) ?? {};
		expect(
			cardText((await admin.execute(verbs.rosterImport, data)).card),
		).toContain("Imported 1 person: 1 new, 0 updated.");
		expect(
			await t.runtime.prisma.employee.findUnique({
				where: { email: "holder@lang.test" },
				select: { language: true },
			}),
		).toEqual({ language: "cy" });
		// A blank line before the clash: the problem is on the line the file has it, not the row's place.
		const clash = await send(
			ada,
			"clash.csv",
			`${langHeader}\nnew@lang.test,Ops,G7,,\n\nother@lang.test,Ops,G7,aad-held,\n`,
		);
		const said = cardText(clash.card);
		expect(said).toContain("clash.csv has 1 problem; nothing was imported.");
		expect(said).toContain(
			// Markdown-escaped in the card.
			'line 4: teams\\_user\\_id "aad-held" already belongs to holder@lang.test',
		);
		expect(clash.card?.actions ?? []).toEqual([]);
		expect(
			await t.runtime.prisma.employee.count({
				where: { email: { endsWith: "@lang.test" } },
			}),
		).toBe(1);
	});
});
