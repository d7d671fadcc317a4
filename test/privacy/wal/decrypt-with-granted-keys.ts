import { createBallotOpener } from "../../../src/domain/ballots/ballot-sealer.js";
import {
	fromPool,
	openPoolKey,
} from "../../../src/domain/ballots/pool-layer.js";
import {
	LocalKeyUnwrapper,
	legacyKeyId,
} from "../../../src/keys/local-key-unwrapper.js";
import { parseTallyKeySet } from "../../../src/keys/tally-key-set.js";
import type { Decrypt, OpenedBallot } from "./run-wal-attack.js";

/**
 * The attacker's best use of what they were granted: the sealing secret (every process holds it) peels the pool
 * layer; the campaign's private key, from the campaign row of the base backup, is tried with every tally key
 * granted (`CENSUS_TALLY_KEY`, a key file's text) under the id stored with it, and with the sealing secret as the
 * old scheme used it. Whatever fails opens nothing.
 */
export const decryptWithGrantedKeys: Decrypt = async ({
	stored,
	campaign,
	secrets,
}) => {
	const sealingSecret = secrets.CENSUS_SEALING_SECRET ?? "";
	const id = String(campaign.id);
	const wrapped = campaign.wrapped_key as Buffer;
	const unwrapper = new LocalKeyUnwrapper(
		secrets.CENSUS_TALLY_KEY
			? parseTallyKeySet(secrets.CENSUS_TALLY_KEY, "granted key")
			: [],
		sealingSecret,
	);
	let open: ((b: Buffer) => OpenedBallot) | undefined;
	for (const keyId of [String(campaign.tally_key_id), legacyKeyId]) {
		try {
			const poolKey = openPoolKey(
				sealingSecret,
				id,
				campaign.pool_key as Buffer,
			);
			const opener = createBallotOpener(
				await unwrapper.unwrap(id, { keyId, wrapped }),
				campaign.public_key as Buffer,
			);
			open = (b) => opener(fromPool(poolKey, b));
			break;
		} catch {
			// Not with this key: try the next.
		}
	}
	return stored.map((b) => {
		try {
			return open?.(b);
		} catch {
			return undefined;
		}
	});
};
