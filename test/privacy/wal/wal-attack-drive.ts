import { rm } from "node:fs/promises";
import pg from "pg";
import { modalAnswers } from "../../../src/demo/modal-answers.js";
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
import { varlenaColumnOffset } from "./column-offset.js";
import { copyWalArchive } from "./copy-wal-archive.js";
import { findPgWaldump } from "./find-pg-waldump.js";
import type { Lsn } from "./lsn.js";
import { pinWal } from "./pin-wal.js";
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
	baseBackup: {
		/** The campaign row as dumped (bytea columns as Buffers): public key, wrapped keys, … */
		campaign: Record<string, unknown>;
		/** Invitation ctid (`block,offset`) → employee id. */
		invitationAt: Map<string, string>;
		/** The database's OID and the tables' relfilenodes, from the backup's catalog. */
		database: number;
		invitation: number;
		ballot: number;
		ballotColumnOffset: number;
	};
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
	/** What the attacker is granted, from `grant` (default: the sealing secret every process holds). */
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

/** The default grant: what every web and worker process holds today. */
export const sealingSecretGrant = (t: TestCensus): GrantedSecrets => ({
	CENSUS_SEALING_SECRET: t.sealingSecret,
});

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

async function answerAs(t: TestCensus, p: SyntheticEmployee): Promise<void> {
	const dm = t.fake.messagesTo(p.slackUserId)[0];
	if (!dm) throw new Error(`no invitation for ${p.slackUserId}`);
	const before = t.fake.openedViews(p.slackUserId).length;
	await t.sim.clickButton({
		userId: p.slackUserId,
		actionId: "census_answer",
		channel: dm.channel,
		messageTs: dm.ts,
	});
	const view = await waitFor(
		() => t.fake.openedViews(p.slackUserId)[before],
		20_000,
		"the question modal",
	);
	const res = await t.sim.submitView({
		userId: p.slackUserId,
		view,
		values: modalAnswers(p.answers, questions),
	});
	if (res.status !== 200) throw new Error(`submission failed: ${res.status}`);
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
		for (let tries = 0; ; tries++) {
			const { rows } = await db.query(
				"select count(*)::int as n from invitation where status = 'pending'",
			);
			if (rows[0].n === 0) break;
			if (tries > 1000) throw new Error("invitations never left 'pending'");
			await new Promise((r) => setTimeout(r, 20));
		}

		const pin = await pinWal(db);
		const waldump = await findPgWaldump(pin.serverMajor);
		// The base backup: the campaign row and where each invitation row sits, with the catalog.
		const campaign = (await db.query("select * from campaign"))
			.rows[0] as Record<string, unknown>;
		const invitationAt = new Map(
			(
				await db.query<{ ctid: string; employee_id: string }>(
					"select ctid::text, employee_id::text from invitation",
				)
			).rows.map((r) => [r.ctid.replace(/[()]/g, ""), r.employee_id]),
		);
		const catalog = async () =>
			(
				await db.query(
					`select (select oid from pg_database where datname = current_database())::int as database,
					        pg_relation_filenode('invitation')::int as invitation,
					        pg_relation_filenode('sealed_ballot')::int as ballot`,
				)
			).rows[0] as { database: number; invitation: number; ballot: number };
		const nodes = await catalog();
		const ballotColumnOffset = await varlenaColumnOffset(
			db,
			"sealed_ballot",
			"sealed",
		);

		let checkpoints = 0;
		const every = opts.checkpointEvery ?? 15;
		for (let i = 0; i < answering.length; i += every) {
			await inBatches(
				answering.slice(i, i + every),
				opts.concurrency ?? 4,
				(p) => answerAs(t, p),
			);
			if (i + every < answering.length) {
				await db.query("checkpoint");
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
			30_000,
			"every answer recorded",
		);
		if (JSON.stringify(await catalog()) !== JSON.stringify(nodes))
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

		const published: Buffer[] = [];
		if (opts.close ?? true) {
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
			await waitFor(
				() => t.fake.messagesTo("#leadership")[0],
				20_000,
				"the report",
			);
			const report = (await db.query("select report from campaign")).rows[0]
				.report;
			published.push(
				Buffer.from(JSON.stringify(report)),
				Buffer.from(
					JSON.stringify({ calls: t.fake.calls, responses: t.fake.responses }),
				),
				...t.fake.uploadedFiles().flatMap((f) => (f.bytes ? [f.bytes] : [])),
			);
		}
		const secrets = await (opts.grant ?? sealingSecretGrant)(t);
		const dir = archive.dir;
		archiveDir = undefined;
		return {
			questions,
			respondents,
			baseBackup: { campaign, invitationAt, ...nodes, ballotColumnOffset },
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
	} finally {
		if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
		await db.end();
		await t.stop();
	}
}
