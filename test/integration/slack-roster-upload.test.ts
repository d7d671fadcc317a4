import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxRosterUploadBytes } from "../../src/chat/admin/roster-upload.js";
import { text } from "../../src/chat/messages.js";
import { ids } from "../../src/chat/slack/blocks.js";
import type { FakeMessage } from "../../src/sim/fake-slack-types.js";
import { waitFor } from "../../src/sim/wait-for.js";
import {
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

const header = "email,department,grade,slack_user_id";
const good = [
	header,
	"ada@example.org,Engineering,G7,U0ADA",
	"bo@example.org,Sales,G6,",
	"cy@example.org,Sales,G6,U0CY",
].join("\n");
const bad = [
	header,
	"ada@example.org,Engineering,G7,U0ADA",
	"not-an-email,Sales,G6,",
	"cy@example.org,,G6,U0CY",
	"ada@example.org,Sales,G5,",
].join("\n");

/** An admin sends the roster CSV to the bot in a direct message, through the real Bolt app and the fake Slack. */
describe("roster upload in a Slack direct message", () => {
	let t: TestCensus;
	const admin = "UADMIN";
	const employees = () => t.runtime.prisma.employee.count();
	const dm = () => t.fake.dmChannelFor(admin);

	/** The bot's replies in a DM after the first `after` of them, once there are `n`. */
	async function replies(
		userId: string,
		after: number,
		n = 1,
	): Promise<FakeMessage[]> {
		return waitFor(
			() => {
				const found = t.fake.messagesTo(userId).slice(after);
				return found.length >= n ? found : undefined;
			},
			15_000,
			"the bot's reply",
		);
	}

	async function upload(
		userId: string,
		file: Parameters<TestCensus["sim"]["shareFile"]>[1],
	): Promise<FakeMessage> {
		const before = t.fake.messagesTo(userId).length;
		const sent = await t.sim.shareFile(userId, file);
		expect(sent.status).toBe(200);
		const [reply] = await replies(userId, before);
		return reply as FakeMessage;
	}

	const hasButton = (m: FakeMessage) =>
		JSON.stringify(m.blocks ?? []).includes(ids.rosterImport);

	async function clickImport(userId: string, message: FakeMessage) {
		const sent = await t.sim.clickButton({
			userId,
			actionId: ids.rosterImport,
			channel: message.channel,
			messageTs: message.ts,
		});
		return waitFor(
			() =>
				t.fake.responses.find((r) => r.url === sent.responseUrl)?.body as
					| { text?: string; replace_original?: boolean }
					| undefined,
			15_000,
			"the reply to Import",
		);
	}

	beforeAll(async () => {
		t = await startTestCensus({ admins: [admin], label: "rosterup" });
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("lists a bad file's problems with their line numbers, offers no Import, and imports nothing", async () => {
		const reply = await upload(admin, { name: "people.csv", content: bad });
		expect(reply.text).toContain(
			"people.csv has 3 problems; nothing was imported.",
		);
		expect(reply.text).toContain(
			'line 3: email "not-an-email" is not a valid email',
		);
		expect(reply.text).toContain("line 4: department is empty");
		expect(reply.text).toContain(
			'line 5: email "ada@example.org" is also on line 2',
		);
		expect(hasButton(reply)).toBe(false);
		// Downloaded with the bot token, as Slack requires.
		expect(t.fake.fileDownloads.at(-1)?.authorized).toBe(true);
		expect(await employees()).toBe(0);
	});

	it("makes a hostile file name and the file's cells inert in the reply", async () => {
		const reply = await upload(admin, {
			name: "<!channel>.csv",
			content: `${header}\n<@U0ADA>,Sales,G6,\n`,
		});
		expect(reply.text).toContain("&lt;!channel&gt;.csv has 1 problem");
		expect(reply.text).toContain('email "&lt;@U0ADA&gt;" is not a valid email');
		expect(JSON.stringify(reply.blocks)).not.toMatch(/<!channel>|<@U0ADA>/);
		expect(await employees()).toBe(0);
	});

	it("refuses a file that is not a CSV, or too large, without downloading it", async () => {
		const downloads = t.fake.fileDownloads.length;
		const pdf = await upload(admin, {
			name: "people.pdf",
			content: good,
			mimetype: "application/pdf",
		});
		expect(pdf.text).toContain("people.pdf is not a CSV file");
		const big = await upload(admin, {
			name: "huge.csv",
			content: good,
			reportedSize: maxRosterUploadBytes + 1,
		});
		expect(big.text).toContain("huge.csv is larger than 20 MB");
		expect(hasButton(pdf) || hasButton(big)).toBe(false);
		expect(t.fake.fileDownloads.length).toBe(downloads);
		expect(await employees()).toBe(0);
	});

	it("refuses a non-admin's file without looking at it or saying anything about it", async () => {
		const infos = t.fake.callsTo("files.info").length;
		const downloads = t.fake.fileDownloads.length;
		const reply = await upload("UNOBODY", {
			name: "people.csv",
			content: good,
		});
		expect(reply.text).toBe(text.uploadNotAdmin);
		expect(reply.blocks ?? []).toEqual([]);
		expect(t.fake.callsTo("files.info").length).toBe(infos);
		expect(t.fake.fileDownloads.length).toBe(downloads);
		expect(await employees()).toBe(0);
	});

	it("ignores the files the bot itself shares in the DM (the reach check's CSV)", async () => {
		const before = t.fake.messagesTo(admin).length;
		const own = t.fake.shareFileFrom(t.fake.ids.botUserId, {
			name: "census-unreachable.csv",
			content: "email,reason\n",
			channelId: dm(),
		});
		await t.sim.event({
			type: "file_shared",
			channel_id: dm(),
			file_id: own.id,
			user_id: t.fake.ids.botUserId,
			file: { id: own.id },
		});
		// A later upload's reply comes first: nothing was said about the bot's own file.
		const next = await upload(admin, { name: "x.txt", content: "" });
		expect(t.fake.messagesTo(admin).length).toBe(before + 1);
		expect(next.text).toContain("x.txt is not a CSV file");
	});

	it("gives a good file's dry run, imports it on Import, and only once however often Import is pressed", async () => {
		const reply = await upload(admin, { name: "people.csv", content: good });
		expect(reply.text).toContain(
			"Dry run: 3 rows are valid; nothing was written.",
		);
		// The reach warning, pointing at the chat's own reach check.
		expect(reply.text).toContain("1 row has no Slack id");
		expect(reply.text).toContain("`/census check`");
		expect(hasButton(reply)).toBe(true);
		// The button carries an id, never the file.
		expect(JSON.stringify(reply.blocks)).not.toContain("ada@example.org");
		expect(await employees()).toBe(0);

		const first = await clickImport(admin, reply);
		expect(first.text).toContain("Imported 3 people: 3 new, 0 updated.");
		expect(first.replace_original).toBe(true);
		expect(await employees()).toBe(3);
		const stamp = await t.runtime.prisma.employee.findMany({
			select: { email: true, updatedAt: true },
			orderBy: { email: "asc" },
		});

		const second = await clickImport(admin, reply);
		expect(second.text).toContain(
			"Nothing was imported: that file was already imported",
		);
		expect(
			await t.runtime.prisma.employee.findMany({
				select: { email: true, updatedAt: true },
				orderBy: { email: "asc" },
			}),
		).toEqual(stamp);
	});

	it("lets nobody else press an admin's Import", async () => {
		const reply = await upload(admin, {
			name: "more.csv",
			content: `${header}\ndee@example.org,Ops,G7,\n`,
		});
		expect(hasButton(reply)).toBe(true);
		const outsider = await clickImport("UNOBODY", reply);
		expect(outsider.text).toBe(text.notAdmin);
		expect(await employees()).toBe(3);
		// The admin's own Import still works afterwards: the outsider's press took nothing.
		const own = await clickImport(admin, reply);
		expect(own.text).toContain("Imported 1 person: 1 new, 0 updated.");
		expect(await employees()).toBe(4);
	});
});
