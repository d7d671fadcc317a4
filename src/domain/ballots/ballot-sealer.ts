import {
	createPrivateKey,
	createPublicKey,
	diffieHellman,
	generateKeyPairSync,
	type JsonWebKey,
	type KeyObject,
	randomBytes,
} from "node:crypto";
import { gcmOpen, gcmSeal, hkdfKey } from "./aes-gcm.js";
import { type Ballot, makeBallot } from "./ballot.js";
import type { CampaignKeyWrapper, WrappedCampaignKey } from "./key-custody.js";

/** Every sealed plaintext is padded to this many bytes so the ciphertext length says nothing. */
const paddedLength = 512;
const spkiLength = 44;
/** DER prefix of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const x25519SpkiPrefix = Buffer.from("302a300506032b656e032100", "hex");

// Keys go through JWK: building and reading them that way is 5 to 80 times faster in Node than DER,
// which matters when 100,000 ballots are sealed and opened. The stored format stays SPKI DER.
function publicKeyFromSpki(der: Buffer) {
	if (
		der.length !== spkiLength ||
		!der.subarray(0, 12).equals(x25519SpkiPrefix)
	) {
		throw new Error("not an X25519 public key");
	}
	return createPublicKey({
		key: {
			kty: "OKP",
			crv: "X25519",
			x: der.subarray(12).toString("base64url"),
		},
		format: "jwk",
	});
}

/**
 * A fresh X25519 pair with the public key already encoded (as JWK) by the key generation itself. Never export a
 * just-generated key afterwards: Node 20 holds the key's mutex while it builds the export's strings, and a garbage
 * collection at that moment that frees the generation job (which locks the same mutex in its destructor) deadlocks
 * the whole process (seen as a bench "hang" while sealing; reproduced in seconds with --max-semi-space-size=1).
 */
const generateEphemeralPair = generateKeyPairSync as unknown as (
	type: "x25519",
	// @types/node lacks the overload that encodes only the public key; Node accepts it and keeps a KeyObject private key.
	options: { publicKeyEncoding: { format: "jwk" } },
) => { publicKey: JsonWebKey; privateKey: KeyObject };

function spkiOf(jwk: JsonWebKey): Buffer {
	if (typeof jwk.x !== "string") throw new Error("not an X25519 public key");
	return Buffer.concat([x25519SpkiPrefix, Buffer.from(jwk.x, "base64url")]);
}

const recipientCache = new Map<string, ReturnType<typeof createPublicKey>>();

function recipientKey(der: Buffer) {
	const id = der.toString("base64");
	let key = recipientCache.get(id);
	if (!key) {
		key = publicKeyFromSpki(der);
		if (recipientCache.size > 100) recipientCache.clear();
		recipientCache.set(id, key);
	}
	return key;
}

declare const sealedBrand: unique symbol;

/** A ballot encrypted to a campaign key. Only `sealBallot` makes one; storage accepts nothing else. */
export type SealedBallot = Buffer & { readonly [sealedBrand]: true };

/** A new campaign's keys: the public key in SPKI DER, the private key wrapped to the tally key. */
export type CampaignKeys = {
	publicKey: Buffer;
	wrappedPrivateKey: WrappedCampaignKey;
};

/**
 * Generates a campaign key pair (X25519) and wraps the private key to the tally key at once: the private key
 * exists unwrapped only inside this call, and nothing that serves traffic can unwrap it again.
 */
export async function generateCampaignKeys(
	wrapper: CampaignKeyWrapper,
	campaignId: string,
): Promise<CampaignKeys> {
	// Encoded by the generation itself, not exported afterwards (see generateEphemeralPair).
	const { publicKey, privateKey } = generateKeyPairSync("x25519", {
		publicKeyEncoding: { type: "spki", format: "der" },
		privateKeyEncoding: { type: "pkcs8", format: "der" },
	});
	const wrappedPrivateKey = await wrapper.wrap(campaignId, privateKey);
	privateKey.fill(0);
	return { publicKey, wrappedPrivateKey };
}

/** Whether a campaign private key (PKCS#8 DER) is the other half of its stored public key. */
export function campaignKeyMatches(
	privateKey: Buffer,
	campaignPublicKey: Buffer,
): boolean {
	try {
		return createPublicKey(
			createPrivateKey({ key: privateKey, format: "der", type: "pkcs8" }),
		)
			.export({ type: "spki", format: "der" })
			.equals(campaignPublicKey);
	} catch {
		return false;
	}
}

/** Encrypts a ballot to the campaign's public key (X25519 + HKDF-SHA256 + AES-256-GCM). */
export function sealBallot(
	campaignPublicKey: Buffer,
	ballot: Ballot,
): SealedBallot {
	const json = Buffer.from(
		JSON.stringify({ a: ballot.answers, g: ballot.group, r: ballot.grade }),
		"utf8",
	);
	if (json.length + 2 > paddedLength)
		throw new Error("ballot too large to seal");
	const plaintext = Buffer.alloc(paddedLength);
	plaintext.writeUInt16BE(json.length, 0);
	json.copy(plaintext, 2);
	randomBytes(paddedLength - 2 - json.length).copy(plaintext, 2 + json.length);

	const recipient = recipientKey(campaignPublicKey);
	const eph = generateEphemeralPair("x25519", {
		publicKeyEncoding: { format: "jwk" },
	});
	const ephPublic = spkiOf(eph.publicKey);
	const shared = diffieHellman({
		privateKey: eph.privateKey,
		publicKey: recipient,
	});
	const key = hkdfKey(
		shared,
		Buffer.concat([ephPublic, campaignPublicKey]),
		"census-bot/ballot/v1",
	);
	return Buffer.concat([ephPublic, gcmSeal(key, plaintext)]) as SealedBallot;
}

/** The ephemeral public key a sealed ballot was made with: unique to every sealing, so a copy shows. */
export function ballotEphemeralKey(sealed: Buffer): string {
	return sealed.subarray(0, spkiLength).toString("base64");
}

/** Opens sealed ballots with the campaign's unwrapped private key (PKCS#8 DER); used once, at close. */
export function createBallotOpener(
	campaignPrivateKey: Buffer,
	campaignPublicKey: Buffer,
): (sealed: Buffer) => Ballot {
	const privateKey = createPrivateKey({
		key: campaignPrivateKey,
		format: "der",
		type: "pkcs8",
	});
	return (sealed) => {
		const ephPublic = sealed.subarray(0, spkiLength);
		const shared = diffieHellman({
			privateKey,
			publicKey: publicKeyFromSpki(ephPublic),
		});
		const key = hkdfKey(
			shared,
			Buffer.concat([ephPublic, campaignPublicKey]),
			"census-bot/ballot/v1",
		);
		const plaintext = gcmOpen(key, sealed.subarray(spkiLength));
		const len = plaintext.readUInt16BE(0);
		const parsed = JSON.parse(
			plaintext.subarray(2, 2 + len).toString("utf8"),
		) as {
			a: Record<string, string>;
			g: string;
			r: string;
		};
		return makeBallot(parsed.a, parsed.g, parsed.r);
	};
}
