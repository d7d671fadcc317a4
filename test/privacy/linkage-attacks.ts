import type { RecordedCall } from "../../src/sim/fake-slack-types.js";
import type { Dump } from "./linkage-dump.js";
import type {
	AttackerView,
	LedgerRow,
	ParsedDump,
	PoolRow,
} from "./linkage-view.js";
import { parseDump } from "./linkage-view.js";

/** One attack's guess for one respondent in one dump: a pool row (by ciphertext hash) and how many rows it chose among. */
export type DumpGuess = { hash: string; candidates: number };

/** The guess an attack commits to for a respondent: from the dump where its candidate set was smallest. */
export type CommittedGuess = DumpGuess & { dump: number };

/** What one record-linkage attack outputs. Guesses are restricted to shuffled rows (criterion P1 b). */
export type RecordAttackResult = {
	name: string;
	/** employee id → committed guess of their pool row among rows that have been through a shuffle. */
	guesses: Map<string, CommittedGuess>;
	/** Notes on what the attack found (e.g. how many answer-side timestamps it could use). */
	notes: Record<string, number>;
};

type PerDumpAttack = (
	d: ParsedDump,
	prev: ParsedDump | undefined,
	rand: () => number,
	notes: Record<string, number>,
) => Map<string, DumpGuess>;

function pickRandom<T>(items: readonly T[], rand: () => number): T | undefined {
	return items[Math.floor(rand() * items.length)];
}

const byXmin = (a: LedgerRow, b: LedgerRow) =>
	a.xmin - b.xmin || a.employeeId.localeCompare(b.employeeId);
const byCtid = (a: PoolRow, b: PoolRow) => a.page - b.page || a.tuple - b.tuple;

/** Matches the i-th respondent to the i-th row. */
function rankMatch(
	people: readonly LedgerRow[],
	rows: readonly PoolRow[],
): Map<string, DumpGuess> {
	const out = new Map<string, DumpGuess>();
	people.forEach((p, i) => {
		const row = rows[i];
		if (row) out.set(p.employeeId, { hash: row.hash, candidates: rows.length });
	});
	return out;
}

/** xmin join: the ballot whose xmin equals (or is nearest to) the respondent's ledger xmin. */
const xminJoin: PerDumpAttack = (d, _prev, rand) => {
	const out = new Map<string, DumpGuess>();
	for (const p of d.shuffledRespondents) {
		let best = Number.POSITIVE_INFINITY;
		let ties: PoolRow[] = [];
		for (const r of d.shuffled) {
			const gap = Math.abs(r.xmin - p.xmin);
			if (gap < best) {
				best = gap;
				ties = [r];
			} else if (gap === best) ties.push(r);
		}
		const row = pickRandom(ties, rand);
		if (row) out.set(p.employeeId, { hash: row.hash, candidates: ties.length });
	}
	return out;
};

/** Physical order: rank of the ballot by ctid vs rank of the respondent by ledger xmin. */
const ctidOrder: PerDumpAttack = (d) =>
	rankMatch(
		[...d.shuffledRespondents].sort(byXmin),
		[...d.shuffled].sort(byCtid),
	);

/** Id order: uuid sort order vs submission order (estimated by ledger xmin). */
const idOrder: PerDumpAttack = (d) =>
	rankMatch(
		[...d.shuffledRespondents].sort(byXmin),
		[...d.shuffled].sort((a, b) => a.id.localeCompare(b.id) || byCtid(a, b)),
	);

/** Times at which each respondent's invitation was replaced by the thank-you (`chat.update` to their DM). */
function thankYouTimes(
	calls: readonly RecordedCall[],
	people: readonly LedgerRow[],
): Map<string, number> {
	const byMessage = new Map<string, number>();
	for (const c of calls) {
		if (c.method !== "chat.update") continue;
		const key = `${String(c.params.channel)}|${String(c.params.ts)}`;
		if (!byMessage.has(key)) byMessage.set(key, c.at);
	}
	const out = new Map<string, number>();
	for (const p of people) {
		const at = byMessage.get(`${p.dmChannel}|${p.messageTs}`);
		if (at !== undefined) out.set(p.employeeId, at);
	}
	return out;
}

const isoTime = /"time":\s*(\d{10,})/;

/**
 * Times found next to a pool row anywhere in the dump's artefacts (log lines, Redis values, Slack
 * calls naming the row's id or a prefix of its ciphertext). An answer-side row has no time of its
 * own, so this is expected to find nothing.
 */
function answerSideTimes(d: ParsedDump): Map<string, number> {
	const out = new Map<string, number>();
	const needles = d.shuffled.map((r) => ({
		hash: r.hash,
		keys: [r.id, r.sealed.subarray(0, 16).toString("hex"), r.hash.slice(0, 16)],
	}));
	const scan = (text: string, time: number | undefined) => {
		if (time === undefined) return;
		for (const n of needles)
			if (n.keys.some((k) => text.includes(k))) out.set(n.hash, time);
	};
	for (const line of d.dump.logs) {
		const t = isoTime.exec(line)?.[1];
		scan(line, t ? Number(t) : undefined);
	}
	for (const c of d.dump.slackCalls) scan(JSON.stringify(c.params), c.at);
	for (const e of d.dump.redis) {
		const text = JSON.stringify(e.value);
		const t = /"(?:timestamp|processedOn|finishedOn)":"?(\d{10,})/.exec(
			text,
		)?.[1];
		scan(`${e.key} ${text}`, t ? Number(t) : undefined);
	}
	return out;
}

/**
 * Nearest timestamp: person-side times (the thank-you `chat.update`, from the fake Slack log) against
 * answer-side times. With no answer-side times, rows are put in their best time order (xmin, then
 * ctid) and matched rank for rank to the respondents' thank-you times.
 */
const nearestTime: PerDumpAttack = (d, _prev, rand, notes) => {
	const personTime = thankYouTimes(d.dump.slackCalls, d.shuffledRespondents);
	const rowTime = answerSideTimes(d);
	notes.answerSideTimestamps = (notes.answerSideTimestamps ?? 0) + rowTime.size;
	const people = [...d.shuffledRespondents].sort(
		(a, b) =>
			(personTime.get(a.employeeId) ?? Number.MAX_SAFE_INTEGER) -
				(personTime.get(b.employeeId) ?? Number.MAX_SAFE_INTEGER) ||
			byXmin(a, b),
	);
	if (rowTime.size === 0)
		return rankMatch(
			people,
			[...d.shuffled].sort((a, b) => a.xmin - b.xmin || byCtid(a, b)),
		);
	const out = new Map<string, DumpGuess>();
	for (const p of people) {
		const t = personTime.get(p.employeeId);
		if (t === undefined) continue;
		let best = Number.POSITIVE_INFINITY;
		let ties: string[] = [];
		for (const [hash, rt] of rowTime) {
			const gap = Math.abs(rt - t);
			if (gap < best) {
				best = gap;
				ties = [hash];
			} else if (gap === best) ties.push(hash);
		}
		const hash = pickRandom(ties, rand);
		if (hash) out.set(p.employeeId, { hash, candidates: ties.length });
	}
	return out;
};

/**
 * Counter differencing between consecutive dumps: ciphertexts new since the previous dump against
 * people who flipped to responded in between. Tail rows are matched by xmin first; each remaining
 * newcomer is guessed among the remaining new shuffled rows (one new row and one newcomer = a link).
 */
const differencing: PerDumpAttack = (d, prev, rand) => {
	const out = new Map<string, DumpGuess>();
	const before = new Set(prev?.pool.map((r) => r.hash) ?? []);
	const respondedBefore = new Set(
		prev?.responded.map((r) => r.employeeId) ?? [],
	);
	const newShuffled = d.shuffled.filter((r) => !before.has(r.hash));
	const newHashes = new Set(newShuffled.map((r) => r.hash));
	const oldShuffled = d.shuffled.filter((r) => !newHashes.has(r.hash));
	for (const p of d.shuffledRespondents) {
		const pool = respondedBefore.has(p.employeeId) ? oldShuffled : newShuffled;
		const candidates = pool.length > 0 ? pool : d.shuffled;
		const row = pickRandom(candidates, rand);
		if (row)
			out.set(p.employeeId, { hash: row.hash, candidates: candidates.length });
	}
	return out;
};

/** The record-linkage attacks, by name. */
export const recordAttacks: Record<string, PerDumpAttack> = {
	"xmin-join": xminJoin,
	"ctid-order": ctidOrder,
	"id-order": idOrder,
	"nearest-timestamp": nearestTime,
	"counter-differencing": differencing,
};

/** The dumps taken while the campaign was open (its pool still holds ciphertexts). */
export function preCloseDumps(dumps: readonly Dump[]): ParsedDump[] {
	return dumps
		.map(parseDump)
		.filter((d) => d.pool.length > 0 || d.responded.length === 0);
}

/** Runs every record-linkage attack over every pre-close dump and commits one guess per respondent. */
export function runRecordAttacks(
	view: AttackerView,
	rand: () => number,
): RecordAttackResult[] {
	const parsed = preCloseDumps(view.dumps);
	return Object.entries(recordAttacks).map(([name, attack]) => {
		const guesses = new Map<string, CommittedGuess>();
		const notes: Record<string, number> = {};
		parsed.forEach((d, i) => {
			const perDump = attack(d, parsed[i - 1], rand, notes);
			for (const [employeeId, g] of perDump) {
				const held = guesses.get(employeeId);
				if (!held || g.candidates < held.candidates)
					guesses.set(employeeId, { ...g, dump: d.dump.index });
			}
		});
		return { name, guesses, notes };
	});
}

/** Respondents an attacker pins exactly while their ballot is in the unshuffled tail (accepted by P1: encryption only). */
export function tailLinks(view: AttackerView): Map<string, string> {
	const out = new Map<string, string>();
	for (const d of preCloseDumps(view.dumps))
		for (const [employeeId, row] of d.tailRespondents)
			out.set(employeeId, row.hash);
	return out;
}
