import { rm } from "node:fs/promises";
import pg from "pg";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../../src/demo/synthetic-organisation.js";
import type { QuestionKey } from "../../../src/domain/questions/catalogue.js";
import { waitFor } from "../../../src/sim/wait-for.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../../support/start-test-census.js";
import { answerThroughSlack } from "./answer-through-slack.js";
import { closeAndPublish } from "./close-and-publish.js";
import { copyWalArchive } from "./copy-wal-archive.js";
import { custodyGrant } from "./custody-grant.js";
import { findPgWaldump } from "./find-pg-waldump.js";
import type { Lsn } from "./lsn.js";
import { pinWal } from "./pin-wal.js";
import {
	type BaseBackup,
	tableNodes,
	takeBaseBackup,
} from "./take-base-backup.js";
import { waitUntilIdle } from "./wait-until-idle.js";
import type { WalLayout } from "./wal-segments.js";

const questions: QuestionKey[] = ["key", "school", "fsm", "parents_degree"];

/** What one respondent really answered (ground truth: the attacker never sees it). */
export type Respondent = {
	employeeId: string;
	answers: Partial<Record<QuestionKey, string>>;
	group: string;
	grade: string;
};

/** The secrets handed to the attacker, by name (`CENSUS_SEALING_SECRET`, …). */
export type GrantedSecrets = Record<string, string>;

/** A finished drive: ground truth, and the attacker's copies of the base backup, the WAL and what was published. */
export type WalAttackDrive = {
	questions: QuestionKey[];
	respondents: Respondent[];
	/** The base backup, taken after the campaign opened and before anyone answered. */
	baseBackup: BaseBackup;
	/** The WAL archive: the segments written during the drive, copied out while a slot held them. */
	wal: {
		archive: WalLayout;
		segments: number;
		start: Lsn;
		end: Lsn;
		waldump: string;
	};
	/** Everything the census published (report, chat messages and files), as bytes. */
	published: Buffer[];
	/** What the attacker is granted, from `grant` (default: `custodyGrant`, every secret there is). */
	secrets: GrantedSecrets;
	/** CHECKPOINTs forced during the drive, so that some ballot INSERTs travel as full-page images. */
	checkpoints: number;
	/** Removes the copied WAL archive. */
	cleanup(): Promise<void>;
};

export type WalAttackDriveOptions = {
	/** Respondents (at least this many answer; default 60). */
	answers?: number;
	seed?: number;
	/** Answers submitted at once (default 4). */
	concurrency?: number;
	/** Force a CHECKPOINT after every this many answers (default 15). */
	checkpointEvery?: number;
	/** Close and publish the report after the drive (default true), so the published bytes exist. */
	close?: boolean;
	/** The secrets the attacker gets, read once the drive (and close) are done. */
	grant?: (t: TestCensus) => GrantedSecrets | Promise<GrantedSecrets>;
};

async function inBatches<T>(
	items: readonly T[],
	size: number,
	each: (item: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await each(items[next++] as T);
	};
	await Promise.all(Array.from({ length: size }, worker));
}

/**
 * A CHECKPOINT once nothing else runs in the census database (no shuffle, no vacuum in flight), so the
 * next answer's INSERT is the first change to its page since the checkpoint and carries a full-page
 * image instead of its tuple, as a real archive has them after every checkpoint.
 */
async function checkpointWhenIdle(db: pg.Client): Promise<void> {
	await waitUntilIdle(db, "the census database to be idle before a checkpoint");
	await db.query("checkpoint");
}

/**
 * Runs a census through the real app (web + worker, PostgreSQL, Redis, signed Slack requests) while
 * playing an operator who keeps the usual recovery material: a base backup once the campaign is open,
 * then the WAL archive of everything written while people answer. The WAL is pinned by a temporary
 * replication slot for the drive and copied out before the slot is dropped.
 */
export async function runWalAttackDrive(
	opts: WalAttackDriveOptions = {},
): Promise<WalAttackDrive> {
	const wanted = opts.answers ?? 60;
	const people = generateOrganisation(
		Math.ceil(wanted / 0.7) + 10,
		opts.seed ?? 14,
	);
	const admin = people[0] as SyntheticEmployee;
	const answering = people
		.filter((p) => p.behaviour === "answers" && p !== admin)
		.slice(0, wanted);
	if (answering.length < wanted)
		throw new Error(
			`the organisation has only ${answering.length} people who answer`,
		);
	const t = await startTestCensus({
		admins: [admin.slackUserId],
		label: "wal",
	});
	const db = new pg.Client({ connectionString: t.db.url });
	await db.connect();
	let archiveDir: string | undefined;
	// The copied archive is the caller's once the drive has returned; never left behind otherwise.
	const dropArchive = async () => {
		if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
	};
	let result: WalAttackDrive;
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
			"the start reply",
		);
		await waitFor(
			() =>
				people.every((p) => t.fake.messagesTo(p.slackUserId).length === 1)
					? true
					: undefined,
			60_000,
			"every invitation",
		);
		// Nothing of this campaign changes any more until someone answers: the ledger shows every send.
		await waitFor(
			async () => {
				const { rows } = await db.query(
					"select count(*)::int as n from invitation where status = 'pending'",
				);
				return rows[0].n === 0 ? true : undefined;
			},
			60_000,
			"every invitation out of 'pending'",
		);

		const pin = await pinWal(db);
		const waldump = await findPgWaldump(pin.serverMajor);
		const baseBackup = await takeBaseBackup(db);

		let checkpoints = 0;
		const every = opts.checkpointEvery ?? 15;
		for (let i = 0; i < answering.length; i += every) {
			await inBatches(
				answering.slice(i, i + every),
				opts.concurrency ?? 4,
				(p) => answerThroughSlack(t, p, questions),
			);
			if (i + every < answering.length) {
				await checkpointWhenIdle(db);
				checkpoints++;
			}
		}
		await waitFor(
			async () => {
				const { rows } = await db.query(
					"select count(*)::int as n from invitation where status = 'responded'",
				);
				return rows[0].n === answering.length ? true : undefined;
			},
			60_000,
			"every answer recorded",
		);
		const nodes = await tableNodes(db);
		if (
			nodes.invitation !== baseBackup.invitation ||
			nodes.ballot !== baseBackup.ballot
		)
			throw new Error(
				"a table was rewritten during the drive: its relfilenode changed",
			);
		const end = await pin.flushed();
		const archive = await copyWalArchive(pin.layout, pin.start, end);
		archiveDir = archive.dir;
		await pin.release();

		// Ground truth, read with privileges the attacker does not have.
		const truth = (
			await db.query<{
				slack: string;
				id: string;
				group: string;
				grade: string;
			}>(
				`select e.slack_user_id as slack, e.id::text as id, i.report_group as group, e.grade
				 from invitation i join employee e on e.id = i.employee_id where i.status = 'responded'`,
			)
		).rows;
		const bySlack = new Map(truth.map((r) => [r.slack, r]));
		const respondents = answering.map((p): Respondent => {
			const row = bySlack.get(p.slackUserId);
			if (!row)
				throw new Error(`${p.slackUserId} answered but is not recorded`);
			const answers: Partial<Record<QuestionKey, string>> = {};
			for (const q of questions) if (p.answers[q]) answers[q] = p.answers[q];
			return {
				employeeId: row.id,
				answers,
				group: row.group,
				grade: row.grade,
			};
		});

		const published =
			(opts.close ?? true)
				? await closeAndPublish(t, db, admin.slackUserId)
				: [];
		await waitUntilIdle(db, "the close to finish");
		const secrets = await (opts.grant ?? custodyGrant)(t);
		const dir = archive.dir;
		result = {
			questions,
			respondents,
			baseBackup,
			wal: {
				archive: {
					dir,
					timeline: archive.timeline,
					segmentSize: archive.segmentSize,
				},
				segments: archive.segments,
				start: pin.start,
				end,
				waldump,
			},
			published,
			secrets,
			checkpoints,
			cleanup: () => rm(dir, { recursive: true, force: true }),
		};
	} catch (err) {
		await dropArchive();
		await db.end().catch(() => undefined);
		await t.stop().catch(() => undefined);
		throw err;
	}
	try {
		await db.end();
		await t.stop();
	} catch (err) {
		await dropArchive();
		throw err;
	}
	return result;
}
