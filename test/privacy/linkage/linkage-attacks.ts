import { catalogue } from "../../../src/domain/questions/catalogue.js";
import {
	type Dump,
	hashBallot,
	type LinkageDrive,
	type Respondent,
} from "./linkage-drive.js";

type Row = Record<string, unknown>;
/** One attack on one dump: for each respondent the attacker can see, the pool row it guesses (by ciphertext hash). */
type Guesses = Map<string, string>;
type Attack = (dump: Dump, previous: Dump | undefined) => Guesses;

const xid = (r: Row) => BigInt(r.xmin as string);
const ctidKey = (r: Row) => {
	const [page, item] = (r.ctid as string).slice(1, -1).split(",").map(Number);
	return (page as number) * 100_000 + (item as number);
};
const pick = <T>(items: T[], seed: number): T | undefined =>
	items[seed % Math.max(1, items.length)];

function respondentsIn(dump: Dump): Row[] {
	return (dump.rows.invitation ?? [])
		.filter((r) => r.status === "responded")
		.sort((a, b) => (xid(a) < xid(b) ? -1 : 1));
}
function poolIn(dump: Dump): Row[] {
	return dump.rows.sealed_ballot ?? [];
}

/** Same transaction id, or else the first pool batch written after the respondent's transaction. */
const byXmin: Attack = (dump) => {
	const guesses: Guesses = new Map();
	const pool = poolIn(dump);
	for (const [i, r] of respondentsIn(dump).entries()) {
		const exact = pool.filter((b) => xid(b) === xid(r));
		const later = pool
			.filter((b) => xid(b) >= xid(r))
			.sort((a, b) => (xid(a) < xid(b) ? -1 : 1));
		const batch =
			exact.length > 0
				? exact
				: later.filter((b) => xid(b) === (later[0] ? xid(later[0]) : -1n));
		const g = pick(batch, i);
		if (g) guesses.set(r.employee_id as string, hashBallot(g.sealed));
	}
	return guesses;
};

/** Rank in physical order against rank in submission order. */
const byPhysicalOrder: Attack = (dump) =>
	rankMatch(dump, (a, b) => ctidKey(a) - ctidKey(b));

/** Rank in id order against rank in submission order. */
const byIdOrder: Attack = (dump) =>
	rankMatch(dump, (a, b) => String(a.id).localeCompare(String(b.id)));

function rankMatch(dump: Dump, order: (a: Row, b: Row) => number): Guesses {
	const pool = [...poolIn(dump)].sort(order);
	const guesses: Guesses = new Map();
	for (const [i, r] of respondentsIn(dump).entries()) {
		const g = pool[i];
		if (g) guesses.set(r.employee_id as string, hashBallot(g.sealed));
	}
	return guesses;
}

/** Nearest time stamp: any time-like value on the answer side, against the respondent's. */
const byTimestamp: Attack = (dump) => {
	const guesses: Guesses = new Map();
	const pool = poolIn(dump);
	const timeOf = (b: Row) =>
		Object.entries(b).find(
			([k, v]) => v instanceof Date || /(_at|_on|time)$/.test(k),
		)?.[1] as Date | undefined;
	const timed = pool.filter((b) => timeOf(b) !== undefined);
	if (timed.length === 0) return guesses;
	for (const r of respondentsIn(dump)) {
		const when = new Date(r.responded_on as string).getTime();
		const best = timed.sort(
			(a, b) =>
				Math.abs((timeOf(a) as Date).getTime() - when) -
				Math.abs((timeOf(b) as Date).getTime() - when),
		)[0];
		if (best) guesses.set(r.employee_id as string, hashBallot(best.sealed));
	}
	return guesses;
};

/** Differencing two dumps: the ballots that appeared against the people who responded in between, in order. */
const byDifferencing: Attack = (dump, previous) => {
	const guesses: Guesses = new Map();
	if (!previous) return guesses;
	const before = new Set(poolIn(previous).map((b) => hashBallot(b.sealed)));
	const oldRespondents = new Set(
		respondentsIn(previous).map((r) => r.employee_id),
	);
	const fresh = poolIn(dump)
		.filter((b) => !before.has(hashBallot(b.sealed)))
		.sort((a, b) =>
			xid(a) < xid(b) ? -1 : xid(a) > xid(b) ? 1 : ctidKey(a) - ctidKey(b),
		);
	const newcomers = respondentsIn(dump).filter(
		(r) => !oldRespondents.has(r.employee_id),
	);
	for (const [i, r] of newcomers.entries()) {
		const g = fresh[i];
		if (g) guesses.set(r.employee_id as string, hashBallot(g.sealed));
	}
	return guesses;
};

export const attacks: Record<string, Attack> = {
	xmin: byXmin,
	physicalOrder: byPhysicalOrder,
	idOrder: byIdOrder,
	timestamp: byTimestamp,
	differencing: byDifferencing,
};

/** Success and trials of one attack over the shuffled part of every pre-close dump. */
export type AttackScore = {
	successes: number;
	trials: number;
	rate: number;
	wilsonUpper: number;
};

/** Upper bound of the 95% Wilson interval. */
export function wilsonUpper(successes: number, trials: number): number {
	if (trials === 0) return 0;
	const z = 1.96;
	const p = successes / trials;
	const centre = p + (z * z) / (2 * trials);
	const margin =
		z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
	return (centre + margin) / (1 + (z * z) / trials);
}

/**
 * Rows that have been through a shuffle (settled). The unshuffled tail (at most m - 1 rows) is
 * protected by encryption alone and is not scored.
 */
function shuffledBallots(dump: Dump): Set<string> {
	return new Set(
		poolIn(dump)
			.filter((b) => b.settled === true)
			.map((b) => dump.innerOf.get(hashBallot(b.sealed)) as string),
	);
}

/** Scores every attack against the ground truth. */
export function scoreAttacks(drive: LinkageDrive): Record<string, AttackScore> {
	const truth = new Map(drive.respondents.map((r) => [r.employeeId, r.ballot]));
	const open = drive.dumps.filter((d) => !d.closed);
	const scores: Record<string, AttackScore> = {};
	for (const [name, attack] of Object.entries(attacks)) {
		let successes = 0;
		let trials = 0;
		open.forEach((dump, i) => {
			const shuffled = shuffledBallots(dump);
			const guesses = attack(dump, open[i - 1]);
			for (const r of respondentsIn(dump)) {
				const actual = truth.get(r.employee_id as string);
				if (!actual || !shuffled.has(actual)) continue;
				// Differencing only scores the people who responded between two dumps.
				if (name === "differencing" && !guesses.has(r.employee_id as string))
					continue;
				trials += 1;
				const guess = guesses.get(r.employee_id as string);
				if (guess !== undefined && dump.innerOf.get(guess) === actual)
					successes += 1;
			}
		});
		scores[name] = {
			successes,
			trials,
			rate: trials ? successes / trials : 0,
			wilsonUpper: wilsonUpper(successes, trials),
		};
	}
	return scores;
}

/**
 * Positive control: the xmin attack against the unshuffled tail (rows not yet through a shuffle).
 * These are protected by encryption alone, so the attack should link most of them; if it does
 * not, the harness is broken, not the defence.
 */
export function tailControl(drive: LinkageDrive): AttackScore {
	const truth = new Map(drive.respondents.map((r) => [r.employeeId, r.ballot]));
	let successes = 0;
	let trials = 0;
	for (const dump of drive.dumps.filter((d) => !d.closed)) {
		const shuffled = shuffledBallots(dump);
		const guesses = byXmin(dump, undefined);
		for (const r of respondentsIn(dump)) {
			const actual = truth.get(r.employee_id as string);
			if (!actual || shuffled.has(actual)) continue;
			trials += 1;
			const guess = guesses.get(r.employee_id as string);
			if (guess !== undefined && dump.innerOf.get(guess) === actual)
				successes += 1;
		}
	}
	return {
		successes,
		trials,
		rate: trials ? successes / trials : 0,
		wilsonUpper: wilsonUpper(successes, trials),
	};
}

/** Every answer option id and long label: what must never appear outside the ciphertexts and the final report. */
export const answerMarkers = Object.values(catalogue).flatMap((q) =>
	q.options.flatMap((o) => [o.id, ...(o.label.length > 24 ? [o.label] : [])]),
);

/** Places in a dump where an answer marker or a person's identifier appears where it must not. */
export function canaryHits(drive: LinkageDrive): string[] {
	const hits: string[] = [];
	for (const dump of drive.dumps) {
		const db = dump.pgDump;
		const places: Record<string, string> = {
			database: db,
			redis: JSON.stringify(dump.redis),
			logs: dump.logs,
			platform: dump.platform,
		};
		for (const [where, text] of Object.entries(places)) {
			for (const m of answerMarkers)
				if (text.includes(m))
					hits.push(`${where}@${dump.afterSubmissions}: ${m}`);
		}
		const answerSide = JSON.stringify(dump.rows.sealed_ballot ?? []);
		for (const p of drive.roster) {
			for (const id of [p.employeeId, p.email, p.slackUserId]) {
				if (answerSide.includes(id))
					hits.push(`sealed_ballot@${dump.afterSubmissions}: ${id}`);
			}
		}
		for (const [key, value] of Object.entries(dump.redis)) {
			if (answerMarkers.some((m) => value.includes(m) || key.includes(m)))
				hits.push(`redis answer in ${key}`);
		}
	}
	return hits;
}

/** Every number stored after close, and whether each rests on at least k answers. */
export function storedCountersBelowK(drive: LinkageDrive): string[] {
	const closed = drive.dumps.find((d) => d.closed);
	if (!closed) return ["no dump after close"];
	const problems: string[] = [];
	if ((closed.rows.sealed_ballot ?? []).length > 0)
		problems.push("ballots remain after close");
	const report = drive.report as {
		classified: number | null;
		groups: { percent: number | null }[];
	};
	if (report.classified !== null && report.classified < drive.minCellSize)
		problems.push("classified below k");
	const classified = report.classified ?? 0;
	for (const g of report.groups) {
		if (
			g.percent !== null &&
			(g.percent / 100) * classified < drive.minCellSize - 0.5
		)
			problems.push(`cell below k: ${g.percent}%`);
	}
	return problems;
}

/**
 * Advantage after close: accuracy of an attacker holding every dump at guessing each respondent's
 * key-question group, minus that of one holding only the published report. With no ballot and no
 * key left, the best the dump attacker can do is the report's modal group, per respondent.
 */
export function advantageAfterClose(drive: LinkageDrive): number {
	const groupOf = new Map(catalogue.key.options.map((o) => [o.id, o.group]));
	const report = drive.report as {
		groups: { group: string; percent: number | null }[];
	};
	const modal = [...report.groups].sort(
		(a, b) => (b.percent ?? -1) - (a.percent ?? -1),
	)[0]?.group;
	const closed = drive.dumps.find((d) => d.closed);
	const leftovers = new Set(
		(closed?.rows.sealed_ballot ?? []).map((b) => hashBallot(b.sealed)),
	);
	let baseline = 0;
	let attacker = 0;
	for (const r of drive.respondents) {
		const actual = groupOf.get(r.person.answers.key ?? "");
		if (actual === modal) baseline += 1;
		// A ballot surviving close would let the attacker do better; none should.
		if (leftovers.has(r.ballot)) attacker += 1;
		else if (actual === modal) attacker += 1;
	}
	return (100 * (attacker - baseline)) / Math.max(1, drive.respondents.length);
}

/**
 * P4: in dumps taken right after a shuffle boundary, the tail is empty and the newest batch (the
 * rows of the newest xmin) is the size of the pool or at least `minBatch` rows, one transaction id.
 */
export function batchesAfterShuffle(
	drive: LinkageDrive,
): { afterSubmissions: number; pool: number; tail: number; newest: number }[] {
	return drive.dumps
		.filter((d) => !d.closed && d.afterSubmissions % drive.shuffleSize === 0)
		.map((d) => {
			const pool = poolIn(d);
			let newestXmin = -1n;
			for (const b of pool) if (xid(b) > newestXmin) newestXmin = xid(b);
			return {
				afterSubmissions: d.afterSubmissions,
				pool: pool.length,
				tail: pool.filter((b) => b.settled !== true).length,
				newest: pool.filter((b) => xid(b) === newestXmin).length,
			};
		});
}

export type { Respondent };
