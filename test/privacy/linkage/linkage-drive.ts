import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { modalAnswers } from "../../../src/demo/modal-answers.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
	seededRandom,
} from "../../../src/demo/synthetic-organisation.js";
import {
	fromPool,
	openPoolKey,
} from "../../../src/domain/ballots/pool-layer.js";
import type { QuestionKey } from "../../../src/domain/questions/catalogue.js";
import { waitFor } from "../../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../../support/start-test-census.js";

const run = promisify(execFile);
const questions: QuestionKey[] = ["key", "school", "fsm", "parents_degree"];
const tables = [
	"campaign",
	"campaign_group",
	"employee",
	"invitation",
	"sealed_ballot",
	"participation_summary",
];

/** Everything an intruder could copy at one moment: database, Redis, logs and the platform's records. */
export type Dump = {
	/** Submissions made before this dump (ground truth, not visible to the attacker). */
	afterSubmissions: number;
	closed: boolean;
	rows: Record<string, Record<string, unknown>[]>;
	pgDump: string;
	redis: Record<string, string>;
	logs: string;
	platform: string;
	/** Ground truth, not the attacker's: stored bytes (hash) → the sealed ballot inside (hash). */
	innerOf: Map<string, string>;
};

/** A respondent, with what the attacker must not learn. */
export type Respondent = {
	employeeId: string;
	person: SyntheticEmployee;
	order: number;
	/** sha256 of the sealed ballot this person's submission added to the pool (ground truth). */
	ballot: string;
};

/** The outcome of a drive: ground truth, dumps and the published report. */
export type LinkageDrive = {
	respondents: Respondent[];
	people: SyntheticEmployee[];
	dumps: Dump[];
	shuffleSize: number;
	minCellSize: number;
	report: Record<string, unknown>;
	roster: {
		employeeId: string;
		email: string;
		slackUserId: string;
		department: string;
		grade: string;
	}[];
};

/** sha256 of a bytea value as the attacker sees it. */
export const hashBallot = (b: unknown) =>
	createHash("sha256")
		.update(b as Buffer)
		.digest("hex");

async function takeDump(
	t: TestCensus,
	raw: pg.Client,
	afterSubmissions: number,
	closed: boolean,
	innerOf: (stored: Buffer) => string,
): Promise<Dump> {
	const rows: Dump["rows"] = {};
	for (const table of tables) {
		rows[table] = (
			await raw.query(
				`select xmin::text as xmin, ctid::text as ctid, * from ${table}`,
			)
		).rows;
	}
	const { stdout } = await run(
		"pg_dump",
		[
			"-h",
			"127.0.0.1",
			"-U",
			"postgres",
			"--data-only",
			"--inserts",
			t.db.name,
		],
		{
			maxBuffer: 200_000_000,
		},
	);
	const redis = new Redis(t.runtime.redisUrl);
	const values: Record<string, string> = {};
	for (const key of await redis.keys(`${t.runtime.redisPrefix}:*`)) {
		const type = await redis.type(key);
		if (type === "string") values[key] = (await redis.get(key)) ?? "";
		else if (type === "hash")
			values[key] = JSON.stringify(await redis.hgetall(key));
		else if (type === "list")
			values[key] = JSON.stringify(await redis.lrange(key, 0, -1));
		else if (type === "set")
			values[key] = JSON.stringify(await redis.smembers(key));
		else if (type === "zset")
			values[key] = JSON.stringify(
				await redis.zrange(key, 0, -1, "WITHSCORES"),
			);
		else if (type === "stream")
			values[key] = JSON.stringify(await redis.xrange(key, "-", "+"));
	}
	redis.disconnect();
	return {
		afterSubmissions,
		closed,
		rows,
		pgDump: stdout,
		redis: values,
		innerOf: new Map(
			(rows.sealed_ballot ?? []).map((r) => [
				hashBallot(r.sealed),
				innerOf(Buffer.from(r.sealed as Buffer)),
			]),
		),
		logs: t.logs.join("\n"),
		platform: JSON.stringify({
			calls: t.fake.calls.filter((c) => c.method !== "views.open"),
			responses: t.fake.responses,
		}),
	};
}

/** Chooses dump moments: random ones plus just after a shuffle, mid-pool and just after a submission. */
function dumpMoments(
	respondents: number,
	count: number,
	m: number,
	rand: () => number,
): Set<number> {
	const moments = new Set<number>([
		m,
		2 * m,
		2 * m + 1,
		5 * m,
		3 * m + Math.floor(m / 2),
		respondents,
	]);
	while (moments.size < Math.min(count, respondents))
		moments.add(1 + Math.floor(rand() * respondents));
	return moments;
}

/**
 * Runs a census through the real app with signed Slack requests, one answer at a time in a
 * random order, and takes full dumps at chosen moments and after close.
 */
export async function runLinkageDrive(opts: {
	size: number;
	dumps: number;
	seed: number;
}): Promise<LinkageDrive> {
	const rand = seededRandom(opts.seed);
	const people = generateOrganisation(opts.size, opts.seed);
	const admin = people[0] as SyntheticEmployee;
	const t = await startTestCensus({ admins: [admin.slackUserId], label: "p1" });
	const raw = new pg.Client({ connectionString: t.db.url });
	await raw.connect();
	try {
		if ((await importPeople(t, people)) !== 0)
			throw new Error("roster import failed");
		const started = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			`start channel=#leadership questions=${questions.join(",")}`,
		);
		await waitFor(
			() =>
				t.fake.responses.some((r) => r.url === started.responseUrl)
					? true
					: undefined,
			20_000,
			"start",
		);
		await waitFor(
			() =>
				people.every((p) => t.fake.messagesTo(p.slackUserId).length === 1)
					? true
					: undefined,
			60_000,
			"invitations",
		);
		const campaign = (
			await raw.query(
				"select id, shuffle_size, min_cell_size, pool_key from campaign",
			)
		).rows[0];
		const poolKey = openPoolKey(
			t.sealingSecret,
			campaign.id,
			campaign.pool_key,
		);
		const innerOf = (stored: Buffer) => hashBallot(fromPool(poolKey, stored));
		const roster = (
			await raw.query(
				"select id, email, slack_user_id, department, grade from employee",
			)
		).rows.map((r) => ({
			employeeId: r.id as string,
			email: r.email as string,
			slackUserId: r.slack_user_id as string,
			department: r.department as string,
			grade: r.grade as string,
		}));
		const idOf = new Map(roster.map((r) => [r.slackUserId, r.employeeId]));
		const answering = people.filter(
			(p) => p.behaviour === "answers" && p !== admin,
		);
		for (let i = answering.length - 1; i > 0; i--) {
			const j = Math.floor(rand() * (i + 1));
			[answering[i], answering[j]] = [
				answering[j] as SyntheticEmployee,
				answering[i] as SyntheticEmployee,
			];
		}
		const moments = dumpMoments(
			answering.length,
			opts.dumps,
			campaign.shuffle_size,
			rand,
		);
		const respondents: Respondent[] = [];
		const dumps: Dump[] = [];
		let pool = new Set<string>();
		for (const [i, p] of answering.entries()) {
			const dm = t.fake.messagesTo(p.slackUserId)[0];
			if (!dm) throw new Error("no invitation");
			const before = t.fake.openedViews(p.slackUserId).length;
			await t.sim.clickButton({
				userId: p.slackUserId,
				actionId: "census_answer",
				channel: dm.channel,
				messageTs: dm.ts,
			});
			const view = await waitFor(
				() => t.fake.openedViews(p.slackUserId)[before],
				10_000,
				"modal",
			);
			const values = modalAnswers(p.answers, questions);
			const res = await t.sim.submitView({
				userId: p.slackUserId,
				view,
				values,
			});
			if (res.status !== 200)
				throw new Error(`submission failed: ${res.status}`);
			// The pool is shuffled after the answer is acknowledged: wait until it has settled.
			for (let tries = 0; ; tries++) {
				const state = (
					await raw.query(
						"select (select count(*)::int from sealed_ballot where not settled) as tail, shuffle_size from campaign",
					)
				).rows[0];
				if (state.tail < state.shuffle_size) break;
				if (tries > 500) throw new Error("the pool never settled");
				await new Promise((r) => setTimeout(r, 10));
			}
			// Ground truth, taken with privileges the attacker does not have: the one new ciphertext.
			const now = new Set(
				(await raw.query("select sealed from sealed_ballot")).rows.map(
					(r: { sealed: Buffer }) => innerOf(r.sealed),
				),
			);
			const added = [...now].filter((h) => !pool.has(h));
			if (added.length !== 1)
				throw new Error(`expected one new ballot, found ${added.length}`);
			pool = now;
			respondents.push({
				employeeId: idOf.get(p.slackUserId) as string,
				person: p,
				order: i,
				ballot: added[0] as string,
			});
			if (moments.has(i + 1))
				dumps.push(await takeDump(t, raw, i + 1, false, innerOf));
		}
		const closed = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"close",
		);
		await waitFor(
			() =>
				t.fake.responses.some(
					(r) =>
						r.url === closed.responseUrl &&
						Array.isArray((r.body as { blocks?: unknown }).blocks),
				)
					? true
					: undefined,
			60_000,
			"the report preview",
		);
		await t.sim.clickResponseButton({
			userId: admin.slackUserId,
			responseUrl: closed.responseUrl as string,
			actionId: "census_publish",
		});
		await waitFor(() => t.fake.messagesTo("#leadership")[0], 10_000, "report");
		dumps.push(await takeDump(t, raw, answering.length, true, innerOf));
		const report = (await raw.query("select report from campaign")).rows[0]
			.report;
		return {
			respondents,
			people,
			dumps,
			shuffleSize: campaign.shuffle_size,
			minCellSize: campaign.min_cell_size,
			report,
			roster,
		};
	} finally {
		await raw.end();
		await t.stop();
	}
}
