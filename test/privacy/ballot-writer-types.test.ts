import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../..", import.meta.url));

const header = `
import { makeBallot } from "../../../src/domain/ballots/ballot.js";
import { sealBallot } from "../../../src/domain/ballots/ballot-sealer.js";
import { asCampaignId, asEmployeeId } from "../../../src/domain/ids.js";
import { openPoolKey, toPool } from "../../../src/domain/ballots/pool-layer.js";
import type { CensusStore } from "../../../src/domain/ports.js";
declare const store: CensusStore;
const campaign = asCampaignId("c");
const employee = asEmployeeId("e");
const sealed = sealBallot(Buffer.alloc(44), makeBallot({ key: "occ_pnts" }, "group", "grade"));
const pooled = toPool(openPoolKey("s".repeat(32), campaign, Buffer.alloc(60)), sealed);
`;

/** Type-checks `body` with the project's settings; returns the TypeScript error codes by line. */
async function typecheck(
	dir: string,
	name: string,
	body: string,
): Promise<string[]> {
	const file = path.join(dir, `${name}.ts`);
	await writeFile(file, `${header}\n${body}\nexport {};\n`);
	const config = path.join(dir, `${name}.tsconfig.json`);
	await writeFile(
		config,
		JSON.stringify({
			extends: path.join(repo, "tsconfig.json"),
			include: [],
			files: [file],
		}),
	);
	try {
		await run(path.join(repo, "node_modules/.bin/tsc"), ["-p", config], {
			cwd: repo,
		});
		return [];
	} catch (err) {
		const out = String((err as { stdout?: string }).stdout ?? "");
		return [...out.matchAll(/\.ts\((\d+),\d+\): error (TS\d+)/g)].map(
			(m) => `${m[1]}:${m[2]}`,
		);
	}
}

describe("P3: the ballot writer cannot be given a person", () => {
	let dir: string;
	beforeAll(async () => {
		// Inside the repo so the relative imports resolve exactly as in src/.
		dir = await mkdtemp(path.join(repo, "test/privacy/.typecheck-"));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it("accepts a campaign id, the person for the participation flip, and a sealed ballot wrapped for the pool", async () => {
		expect(
			await typecheck(
				dir,
				"good",
				"void store.recordResponse(campaign, employee, pooled);",
			),
		).toEqual([]);
	}, 60_000);

	it("rejects a person's id as the campaign, a ballot not wrapped for the pool, a plain buffer, an object with a user id, and an unsealed ballot", async () => {
		const errors = await typecheck(
			dir,
			"bad",
			[
				"void store.recordResponse(employee, employee, pooled);",
				"void store.recordResponse(campaign, employee, sealed);",
				'void store.recordResponse(campaign, employee, Buffer.from("occ_routine"));',
				'void store.recordResponse(campaign, employee, { userId: "U1", answers: { key: "occ_routine" } });',
				'sealBallot(Buffer.alloc(44), { answers: { key: "occ_routine" }, group: "g", grade: "x", userId: "U1" });',
			].join("\n"),
		);
		const firstBodyLine = header.split("\n").length + 1;
		expect(errors.map((e) => Number(e.split(":")[0]) - firstBodyLine)).toEqual([
			0, 1, 2, 3, 4,
		]);
	}, 60_000);

	it("gives the ballot port and the tally's store no method that names a person, and the ballot box only the ballot port", async () => {
		const errors = await typecheck(
			dir,
			"ports",
			[
				'import type { BallotStore } from "../../../src/domain/ballots/ballot-store.js";',
				'import { BallotBox } from "../../../src/domain/ballots/ballot-box.js";',
				'import type { TallyStore } from "../../../src/domain/campaigns/campaign-closer.js";',
				"declare const ballots: BallotStore;",
				"declare const tally: TallyStore;",
				"void ballots.recordResponse(campaign, employee, pooled);",
				'new BallotBox(ballots, "s".repeat(32));',
				"void ballots.findParticipant(campaign, employee);",
				'void ballots.emailForUser({ platform: "slack", id: "U1" });',
				"void ballots.participationCounts(campaign);",
				'void tally.findParticipantByUser(campaign, { platform: "slack", id: "U1" });',
				"void tally.recordOptOut(campaign, employee);",
				"void tally.recordResponse(campaign, employee, pooled);",
			].join("\n"),
		);
		const firstBodyLine = header.split("\n").length + 1;
		expect(
			errors.map((e) => {
				const [line, code] = e.split(":");
				return `${Number(line) - firstBodyLine}:${code}`;
			}),
		).toEqual([
			"7:TS2339",
			"8:TS2339",
			"9:TS2339",
			"10:TS2339",
			"11:TS2339",
			"12:TS2339",
		]);
	}, 60_000);
});
