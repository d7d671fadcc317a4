import { type Tally, TallyCounter } from "../reporting/tally.js";
import { createBallotOpener } from "./ballot-sealer.js";
import { shuffleInPlace } from "./shuffle-in-place.js";

/** The campaign's key pair as the tally holds it for one close: the private half unwrapped, in memory only. */
export type OpenedCampaignKey = { privateKey: Buffer; publicKey: Buffer };

/**
 * Opens sealed ballots (the campaign layer, the pool layer already removed) page by page and counts them: only
 * the counts leave it, never an opened ballot. Each page is opened in a random order. Implementations may spread
 * the pages over threads (src/jobs/threaded-tallier.ts); the result is the same.
 */
export type BallotTallier = (
	key: OpenedCampaignKey,
	pages: AsyncIterable<Buffer[]>,
) => Promise<Tally>;

/** Opens and counts every page in this thread. */
export const tallyInThisThread: BallotTallier = async (key, pages) => {
	const open = createBallotOpener(key.privateKey, key.publicKey);
	const counter = new TallyCounter();
	for await (const page of pages) {
		shuffleInPlace(page);
		for (const sealed of page) counter.add(open(sealed));
	}
	return counter.result();
};
