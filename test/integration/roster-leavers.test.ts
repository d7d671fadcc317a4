import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRosterImport } from "../../src/cli/roster-import.js";
import { runRosterRemove } from "../../src/cli/roster-remove.js";
import { eraseLeavers } from "../../src/storage/ledger-retention.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

let db: TestDatabase;
let prisma: PrismaClient;
let dir: string;

const emails = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => `p${from + i}@org.test`);

async function csv(name: string, people: string[]): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(
		file,
		`email,department,grade\n${people.map((e) => `${e},Ops,G1`).join("\n")}\n`,
	);
	return file;
}

function collect() {
	const out = new PassThrough();
	let text = "";
	out.on("data", (d) => {
		text += String(d);
	});
	return { out, text: () => text };
}

async function importFile(
	file: string,
	opts: Partial<Parameters<typeof runRosterImport>[0]> = {},
) {
	const { out, text } = collect();
	const code = await runRosterImport({
		file,
		dryRun: false,
		databaseUrl: db.url,
		out,
		...opts,
	});
	return { code, output: text() };
}

const active = () =>
	prisma.employee
		.findMany({ where: { active: true }, select: { email: true } })
		.then((r) => r.map((x) => x.email).sort());

beforeAll(async () => {
	db = await createTestDatabase("leavers");
	await migrate(db.url);
	prisma = createPrismaClient(db.url, 2);
	dir = await mkdtemp(path.join(os.tmpdir(), "census-leavers-"));
}, 60_000);

afterAll(async () => {
	await prisma?.$disconnect();
	await db?.drop();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe("leavers", () => {
	it("a full import refuses, and changes nothing, when more than the allowed share would leave", async () => {
		expect((await importFile(await csv("all.csv", emails(10)))).code).toBe(0);
		const seven = await csv("seven.csv", [...emails(7), "new@org.test"]);
		const refused = await importFile(seven, { full: { maxShare: 0.2 } });
		expect(refused.code).toBe(1);
		expect(refused.output).toContain(
			"3 people of the 10 on the roster (30%) are not in this CSV",
		);
		expect(refused.output).toContain("Nothing was imported");
		expect(await active()).toEqual(emails(10).sort());
		expect(await prisma.employee.count()).toBe(10);
		const dry = await importFile(seven, {
			dryRun: true,
			full: { maxShare: 0.2 },
		});
		expect(dry.output).toContain("would be refused");
		const confirmed = await importFile(seven, { full: { maxShare: null } });
		expect(confirmed.code).toBe(0);
		expect(confirmed.output).toContain(
			"3 people not in this CSV left the roster",
		);
		expect(await active()).toEqual([...emails(7), "new@org.test"].sort());
	});

	it("a full import within the share takes the missing off, and a returning person is active again", async () => {
		const back = await importFile(
			await csv("back.csv", [...emails(8), "new@org.test"]),
			{ full: { maxShare: 0.2 } },
		);
		expect(back.code).toBe(0);
		expect(await active()).toEqual([...emails(8), "new@org.test"].sort());
		const left = await prisma.employee.findUnique({
			where: { email: "p8@org.test" },
		});
		expect(left?.active).toBe(false);
		expect(left?.deactivatedAt).toBeInstanceOf(Date);
		const returned = await prisma.employee.findUnique({
			where: { email: "p7@org.test" },
		});
		expect(returned).toMatchObject({ active: true, deactivatedAt: null });
	});

	it("roster remove takes single leavers off and names the emails it does not know", async () => {
		const { out, text } = collect();
		const code = await runRosterRemove({
			emails: ["P0@org.test", "stranger@org.test"],
			databaseUrl: db.url,
			out,
		});
		expect(code).toBe(1);
		expect(text()).toContain("1 person left the roster");
		expect(text()).toContain("Not on the roster: stranger@org.test");
		expect(await active()).not.toContain("p0@org.test");
		const bad = collect();
		expect(
			await runRosterRemove({
				emails: ["not-an-email"],
				databaseUrl: db.url,
				out: bad.out,
			}),
		).toBe(1);
		expect(bad.text()).toContain("Nobody was removed");
	});

	it("forgets a leaver once the retention period has passed, and not before", async () => {
		await prisma.$executeRawUnsafe(
			"update employee set deactivated_at = now() - interval '31 days' where email = 'p0@org.test'",
		);
		await prisma.$executeRawUnsafe(
			"update employee set deactivated_at = now() - interval '29 days' where email = 'p8@org.test'",
		);
		expect(await eraseLeavers(prisma, new Date(), 30)).toBe(1);
		const left = await prisma.employee.findMany({
			where: { email: { in: ["p0@org.test", "p8@org.test"] } },
			select: { email: true },
		});
		expect(left.map((r) => r.email)).toEqual(["p8@org.test"]);
	});

	it("an import says how many rows no configured platform can reach, and lists them on request", async () => {
		const none = await importFile(await csv("none.csv", emails(3, 50)), {
			reach: { platforms: [], directories: [] },
			listUnreachable: true,
		});
		expect(none.output).toContain(
			"Warning: 3 rows have no way to be reached: neither Slack nor Teams is configured",
		);
		expect(none.output).toContain("  p50@org.test\n");
		const slack = await importFile(await csv("slack.csv", emails(3, 50)), {
			reach: { platforms: ["slack"], directories: ["slack"] },
		});
		expect(slack.output).toContain(
			"3 rows have no Slack id: they will be looked up by email in Slack when the census starts",
		);
		expect(slack.output).toContain("Add --list-unreachable to list them.");
	});
});
