import { randomFillSync } from "node:crypto";

/** A GCM nonce's length in bytes. */
export const nonceLength = 12;

/** Nonces drawn from the operating system's CSPRNG per refill: one call instead of one per seal. */
const noncesPerRefill = 512;

let block = Buffer.alloc(0);
let next = 0;

/**
 * A fresh random 96-bit nonce. Random as `randomBytes(12)` is, and never handed out twice: each refill is a new
 * buffer, so a nonce already given out is never overwritten. One CSPRNG call per 512 nonces instead of one per
 * nonce: a shuffle rewraps every ballot of its batch, and the per-call cost of `randomBytes` was the largest single
 * item in the answer path's CPU profile.
 */
export function randomNonce(): Buffer {
	if (next + nonceLength > block.length) {
		block = randomFillSync(
			Buffer.allocUnsafeSlow(nonceLength * noncesPerRefill),
		);
		next = 0;
	}
	const nonce = block.subarray(next, next + nonceLength);
	next += nonceLength;
	return nonce;
}
