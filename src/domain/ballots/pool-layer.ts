import { randomBytes } from "node:crypto";
import { hkdfKey, gcmOpen as open, gcmSeal as seal } from "./aes-gcm.js";
import type { SealedBallot } from "./ballot-sealer.js";

declare const pooledBrand: unique symbol;

/**
 * A sealed ballot as stored in the pool: wrapped once more under the campaign's pool key with a
 * fresh nonce. Each shuffle rewraps every ballot, so its stored bytes change and nobody without
 * the sealing secret can follow a ballot from one copy of the database to the next.
 */
export type PooledBallot = Buffer & { readonly [pooledBrand]: true };

/** The symmetric key of a campaign's pool layer. */
export type PoolKey = { readonly key: Buffer };

function wrapKeyFor(sealingSecret: string, campaignId: string): Buffer {
	return hkdfKey(
		Buffer.from(sealingSecret),
		Buffer.from(campaignId),
		"census-bot/pool-wrap/v1",
	);
}

/** A new pool key for a campaign, returned wrapped by the sealing secret (the only form stored). */
export function generatePoolKey(
	sealingSecret: string,
	campaignId: string,
): Buffer {
	return seal(wrapKeyFor(sealingSecret, campaignId), randomBytes(32));
}

/** Unwraps a campaign's pool key. */
export function openPoolKey(
	sealingSecret: string,
	campaignId: string,
	wrapped: Buffer,
): PoolKey {
	return { key: open(wrapKeyFor(sealingSecret, campaignId), wrapped) };
}

/** Wraps a sealed ballot for storage. */
export function toPool(poolKey: PoolKey, ballot: SealedBallot): PooledBallot {
	return seal(poolKey.key, ballot) as PooledBallot;
}

/** Recovers the sealed ballot from its stored form. */
export function fromPool(poolKey: PoolKey, stored: Buffer): SealedBallot {
	return open(poolKey.key, stored) as SealedBallot;
}

/** New stored bytes for the same sealed ballot (used by every shuffle). */
export function rewrap(poolKey: PoolKey, stored: Buffer): PooledBallot {
	return toPool(poolKey, fromPool(poolKey, stored));
}
