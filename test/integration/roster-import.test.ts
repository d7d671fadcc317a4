import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roster } from "../../src/cli/roster.js";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import {
	RosterConflictError,
	RosterRepository,
} from "../../src/storage/roster-repository.js";

const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `census_test_roster_${randomBytes(6).toString("hex")}`;
const DB_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const HEADER =
	"email,department,grade,manager_email,slack_user_id,teams_user_id,timezone";

let dir: string;
let prisma: PrismaClient;
let repository: RosterRepository;

async function admin(sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: ADMIN_URL });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

async function csv(name: string, lines: string[]): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(file, `${lines.join("\n")}\n`);
	return file;
}

function collect(): { out: PassThrough; text: () => string } {
	const out = new PassThrough();
	let text = "";
	out.on("data", (d) => {
		text += String(d);
	});
	return { out, text: () => text };
}

async function run(file: string, dryRun = false) {
	const { out, text } = collect();
	const databaseUrl = DB_URL;
	const code = await runRosterImport({ file, dryRun, databaseUrl, out });
	return { code, output: text() };
}

const countDomain = (domain: string) =>
	prisma.employee.count({ where: { email: { endsWith: `@${domain}` } } });

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), "census-roster-"));
	await admin(`create database "${DB_NAME}"`);
	await migrate(DB_URL);
	prisma = createPrismaClient(DB_URL, 2);
	repository = new RosterRepository(prisma);
}, 60_000);

afterAll(async () => {
	await prisma?.$disconnect();
	await admin(`drop database if exists "${DB_NAME}" with (force)`);
	if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("roster import", () => {
	it("creates people, then updates them by email on re-import without duplicating", async () => {
		const first = await csv("first.csv", [
			HEADER,
			"ada@one.test,Engineering,G5,,U0ADA,29:ada,Europe/London",
			"Grace@One.test,Engineering,G6,ada@one.test,U0GRACE,,America/New_York",
			"alan@one.test,Research,G4,ada@one.test,,,",
		]);
		expect(await run(first)).toEqual({
			code: 0,
			output: "Imported 3 people: 3 new, 0 updated.\n",
		});
		expect(await countDomain("one.test")).toBe(3);
		expect(await repository.findBySlackUserId("U0GRACE")).toEqual({
			id: expect.any(String),
			email: "grace@one.test",
			department: "Engineering",
			grade: "G6",
			managerEmail: "ada@one.test",
			slackUserId: "U0GRACE",
			teamsUserId: null,
			timezone: "America/New_York",
			language: null,
		});

		const second = await csv("second.csv", [
			HEADER,
			"ada@one.test,Engineering,G5,,U0ADA,29:ada,Europe/London",
			"grace@one.test,Platform,G6,ada@one.test,U0GRACE,,America/New_York",
		]);
		const { code, output } = await run(second);
		expect(code).toBe(0);
		expect(output).toContain(
			"Imported 2 people: 0 new, 1 updated, 1 unchanged.",
		);
		expect(output).toContain(
			"1 person on file is not in this CSV; they were left unchanged.",
		);
		expect(await countDomain("one.test")).toBe(3);
		const grace = await repository.findBySlackUserId("U0GRACE");
		expect(grace?.department).toBe("Platform");
	});

	it("keeps stored values of a column left out of the file and clears them for empty cells", async () => {
		await run(
			await csv("k1.csv", [HEADER, "kim@keep.test,Ops,G1,,U0KIM,29:kim,UTC"]),
		);
		const noIds = await csv("k2.csv", [
			"email,department,grade,timezone",
			"kim@keep.test,Ops,G2,",
		]);
		expect((await run(noIds)).code).toBe(0);
		const kim = await prisma.employee.findUniqueOrThrow({
			where: { email: "kim@keep.test" },
		});
		expect(kim).toMatchObject({
			grade: "G2",
			slackUserId: "U0KIM",
			teamsUserId: "29:kim",
			timezone: null,
		});
	});

	it("imports nothing when one row is bad, and names its line", async () => {
		const file = await csv("bad.csv", [
			HEADER,
			"a@bad.test,Ops,G1,,,,",
			"",
			'd@bad.test,"Ops',
			'North",G1,,,,',
			"b@bad.test,Ops,G1,not-an-email,,,",
			"c@bad.test,Ops,G1,,,,",
		]);
		const { code, output } = await run(file);
		expect(code).toBe(1);
		expect(output).toContain(
			'line 6: manager_email "not-an-email" is not a valid email',
		);
		expect(output).toContain("nothing was imported");
		expect(output).not.toMatch(/\bat .*\.ts:\d+/);
		expect(await countDomain("bad.test")).toBe(0);
	});

	it("shows the first 50 problems and counts the rest", async () => {
		const lines = [
			HEADER,
			...Array.from({ length: 75 }, (_, i) => `bad${i},Ops,G1,,,,`),
		];
		const { code, output } = await run(await csv("many.csv", lines));
		expect(code).toBe(1);
		const shown = output.split("\n").filter((l) => l.startsWith("line "));
		expect(shown).toHaveLength(50);
		expect(shown[49]).toContain("line 51:");
		expect(output).toContain("has 75 problems; nothing was imported.");
		expect(output).toContain("...and 25 more problems.");
	});

	it("reports broken CSV quoting with its line", async () => {
		const file = await csv("quote.csv", [
			HEADER,
			"a@q.test,Ops,G1,,,,",
			'"b@q.test,Ops,G1,,,,',
			"c@q.test,Ops,G1,,,,",
		]);
		const { code, output } = await run(file);
		expect(code).toBe(1);
		expect(output).toContain(
			"line 3: the file is not valid CSV: a quoted field in this record is never closed",
		);
	});

	it("writes nothing on a dry run", async () => {
		const file = await csv("dry.csv", [
			HEADER,
			"a@dry.test,Ops,G1,,,,",
			"b@dry.test,Ops,G1,,,,",
		]);
		const { code, output } = await run(file, true);
		expect(code).toBe(0);
		expect(output).toContain("Dry run: 2 rows are valid; nothing was written.");
		expect(await countDomain("dry.test")).toBe(0);
	});

	it("reports a chat id held by a different person instead of crashing", async () => {
		await run(
			await csv("c1.csv", [
				HEADER,
				"owner@clash.test,Ops,G1,,U0OWNER,29:owner,",
			]),
		);
		const file = await csv("c2.csv", [
			HEADER,
			"new@clash.test,Ops,G1,,,,",
			"other@clash.test,Ops,G1,,U0OWNER,29:owner,",
		]);
		for (const dryRun of [true, false]) {
			const { code, output } = await run(file, dryRun);
			expect(code).toBe(1);
			expect(output).toContain(
				'line 3: slack_user_id "U0OWNER" already belongs to owner@clash.test',
			);
			expect(output).toContain(
				'line 3: teams_user_id "29:owner" already belongs to owner@clash.test',
			);
		}
		expect(await countDomain("clash.test")).toBe(1);
		const rows = [
			{
				line: 7,
				row: {
					email: "other@clash.test",
					department: "Ops",
					grade: "G1",
					slackUserId: "U0OWNER",
				},
			},
		];
		const err = await repository.importRows(rows).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(RosterConflictError);
		const conflict = {
			column: "slack_user_id",
			heldBy: "owner@clash.test",
			line: 7,
		};
		expect(err).toMatchObject({ conflicts: [conflict] });
	});

	it("moves chat ids between people who are both in the file", async () => {
		await run(
			await csv("s1.csv", [
				HEADER,
				"p@swap.test,Ops,G1,,U0P,,",
				"q@swap.test,Ops,G1,,U0Q,,",
			]),
		);
		const { code, output } = await run(
			await csv("s2.csv", [
				HEADER,
				"p@swap.test,Ops,G1,,U0Q,,",
				"q@swap.test,Ops,G1,,,,",
			]),
		);
		expect([code, output]).toEqual([
			0,
			expect.stringContaining("0 new, 2 updated."),
		]);
		expect((await repository.findBySlackUserId("U0Q"))?.email).toBe(
			"p@swap.test",
		);
		expect(await repository.findBySlackUserId("U0P")).toBeNull();
	});

	it("gives one clear sentence for a missing file", async () => {
		const { code, output } = await run(path.join(dir, "nope.csv"));
		expect(code).toBe(2);
		expect(output.trim().split("\n")).toHaveLength(1);
		expect(output).toContain("does not exist");
	});

	it("prints help for the roster command", async () => {
		const { out, text } = collect();
		expect(await roster(["--help"], out)).toBe(0);
		expect(await roster(["export"], out)).toBe(2);
		const output = text();
		expect(output).toContain('Unknown command "export"');
		expect(output).toContain(
			"Usage: npm run roster -- import FILE.csv [--dry-run]",
		);
	});

	it("imports 100,000 generated rows", async () => {
		const lines = [HEADER];
		for (let i = 0; i < 100_000; i++) {
			const manager = i === 0 ? "" : `p${Math.floor(i / 10)}@big.test`;
			lines.push(
				`p${i}@big.test,Dept ${i % 40},G${i % 9},${manager},UB${i.toString(36).toUpperCase()}0,big-${i},UTC`,
			);
		}
		const before = await repository.countActive();
		const { code, output } = await run(await csv("big.csv", lines));
		expect(code).toBe(0);
		expect(output).toContain(
			"Imported 100,000 people: 100,000 new, 0 updated.",
		);
		expect(await countDomain("big.test")).toBe(100_000);
		expect(await repository.countActive()).toBe(before + 100_000);
	}, 120_000);

	it("streams a file larger than a staged batch: every row once, and nothing at all when its last row is bad", async () => {
		const rows = Array.from(
			{ length: 12_001 },
			(_, i) => `p${i}@stream.test,Ops,G${i % 5},,U0STR${i},,`,
		);
		const bad = await csv("stream-bad.csv", [
			HEADER,
			...rows,
			"p0@stream.test,Ops,G1,,,,",
		]);
		const refused = await run(bad);
		expect(refused.code).toBe(1);
		expect(refused.output).toContain(
			`line ${rows.length + 2}: email "p0@stream.test" is also on line 2`,
		);
		expect(await countDomain("stream.test")).toBe(0);
		const good = await csv("stream.csv", [HEADER, ...rows]);
		const imported = await run(good);
		expect(imported.code).toBe(0);
		// (Followed by how many people on file, from earlier tests, the file leaves unchanged.)
		expect(imported.output.split("\n")[0]).toBe(
			"Imported 12,001 people: 12,001 new, 0 updated.",
		);
		expect(await countDomain("stream.test")).toBe(12_001);
		expect(await repository.findBySlackUserId("U0STR12000")).toMatchObject({
			email: "p12000@stream.test",
			grade: "G0",
		});
		// Again: every row is there already, unchanged.
		expect((await run(good)).output.split("\n")[0]).toBe(
			"Imported 12,001 people: 0 new, 0 updated, 12,001 unchanged.",
		);
	});

	it("says so and imports nothing when there are more problems than it shows", async () => {
		const rows = Array.from(
			{ length: 1_500 },
			(_, i) => `p${i}@many.test,,G1,,,,`,
		);
		const { code, output } = await run(
			await csv("many.csv", [HEADER, ...rows]),
		);
		expect(code).toBe(1);
		expect(output.split("\n")[0]).toBe(
			"many.csv has 1,500 problems; nothing was imported.".replace(
				"many.csv",
				path.join(dir, "many.csv"),
			),
		);
		expect(output).toContain("...and 1,450 more problems.");
		expect(await countDomain("many.test")).toBe(0);
	});
});
