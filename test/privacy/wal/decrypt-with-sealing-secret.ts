import { createBallotOpener } from "../../../src/domain/ballots/ballot-sealer.js";
import {
	fromPool,
	openPoolKey,
} from "../../../src/domain/ballots/pool-layer.js";
import type { Decrypt, OpenedBallot } from "./run-wal-attack.js";

/**
 * Today's scheme opened with `CENSUS_SEALING_SECRET`, which every web and worker process holds: it
 * unwraps the pool key and the campaign's private key from the campaign row, then peels both layers.
 * Any failure (no secret, a wrong one, keys already destroyed) opens nothing.
 */
export const decryptWithSealingSecret: Decrypt = ({
	stored,
	campaign,
	secrets,
}) => {
	const secret = secrets.CENSUS_SEALING_SECRET;
	const id = String(campaign.id);
	let open: (b: Buffer) => OpenedBallot;
	try {
		if (!secret) throw new Error("no sealing secret granted");
		const poolKey = openPoolKey(secret, id, campaign.pool_key as Buffer);
		const opener = createBallotOpener(
			secret,
			id,
			campaign.public_key as Buffer,
			campaign.wrapped_key as Buffer,
		);
		open = (b) => opener(fromPool(poolKey, b));
	} catch {
		return stored.map(() => undefined);
	}
	return stored.map((b) => {
		try {
			return open(b);
		} catch {
			return undefined;
		}
	});
};
