import { MIX_FACTOR } from "../../../src/domain/ballots/mix-plan.js";
import {
	advantageAfterClose,
	batchesAfterShuffle,
	canaryHits,
	scoreAttacks,
	storedCountersBelowK,
	tailControl,
} from "./linkage-attacks.js";
import type { LinkageDrive } from "./linkage-drive.js";

/** P4 after a shuffle boundary: no tail, and the newest batch is the whole pool or at least (MIX_FACTOR + 1)·m rows. */
export function batchIsMixed(
	b: { pool: number; tail: number; newest: number },
	shuffleSize: number,
): boolean {
	return (
		b.tail === 0 &&
		(b.newest === b.pool || b.newest >= (MIX_FACTOR + 1) * shuffleSize)
	);
}

/** The P1 figures of one drive, as printed by `npm run test:privacy`. */
export type LinkageFigures = ReturnType<typeof evaluateLinkage>;

/** Scores a drive against docs/privacy-tests.md §7.1 P1 (a)–(d), P2 and P4. */
export function evaluateLinkage(drive: LinkageDrive) {
	const attacks = scoreAttacks(drive);
	const best = Object.entries(attacks).sort((a, b) => b[1].rate - a[1].rate)[0];
	return {
		respondents: drive.respondents.length,
		dumps: drive.dumps.length,
		shuffleSize: drive.shuffleSize,
		attacks,
		bestAttack: best?.[0] ?? "none",
		bestRate: best?.[1].rate ?? 0,
		bestWilsonUpper: best?.[1].wilsonUpper ?? 0,
		tailControl: tailControl(drive),
		contentLinkage: canaryHits(drive),
		storedCountersBelowK: storedCountersBelowK(drive),
		advantagePp: advantageAfterClose(drive),
		batchesAfterShuffle: batchesAfterShuffle(drive),
	};
}
