import {
	createCipheriv,
	createDecipheriv,
	createPrivateKey,
	createPublicKey,
	diffieHellman,
	generateKeyPairSync,
	hkdfSync,
	type JsonWebKey,
	type KeyObject,
	randomBytes,
} from "node:crypto";
import { type Ballot, makeBallot } from "./ballot.js";

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

/** A campaign's key pair: the public key in SPKI DER, the private key wrapped by the sealing secret. */
export type CampaignKeys = { publicKey: Buffer; wrappedPrivateKey: Buffer };

function aesKey(secret: Buffer, salt: Buffer, info: string): Buffer {
	return Buffer.from(hkdfSync("sha256", secret, salt, info, 32));
}

function gcmSeal(key: Buffer, plaintext: Buffer): Buffer {
	const iv = randomBytes(12);
	const cipher = createCipheriv("aes-256-gcm", key, iv);
	const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

function gcmOpen(key: Buffer, sealed: Buffer): Buffer {
	const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
	decipher.setAuthTag(sealed.subarray(12, 28));
	return Buffer.concat([
		decipher.update(sealed.subarray(28)),
		decipher.final(),
	]);
}

/** Generates a campaign key pair (X25519) and wraps the private key with the sealing secret. */
export function generateCampaignKeys(
	sealingSecret: string,
	campaignId: string,
): CampaignKeys {
	// Encoded by the generation itself, not exported afterwards (see generateEphemeralPair).
	const { publicKey, privateKey } = generateKeyPairSync("x25519", {
		publicKeyEncoding: { type: "spki", format: "der" },
		privateKeyEncoding: { type: "pkcs8", format: "der" },
	});
	const wrapKey = aesKey(
		Buffer.from(sealingSecret),
		Buffer.from(campaignId),
		"census-bot/wrap/v1",
	);
	return {
		publicKey,
		wrappedPrivateKey: gcmSeal(wrapKey, privateKey),
	};
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
	const key = aesKey(
		shared,
		Buffer.concat([ephPublic, campaignPublicKey]),
		"census-bot/ballot/v1",
	);
	return Buffer.concat([ephPublic, gcmSeal(key, plaintext)]) as SealedBallot;
}

/** Opens sealed ballots with the campaign's wrapped private key; used once, at close. */
export function createBallotOpener(
	sealingSecret: string,
	campaignId: string,
	campaignPublicKey: Buffer,
	wrappedPrivateKey: Buffer,
): (sealed: Buffer) => Ballot {
	const wrapKey = aesKey(
		Buffer.from(sealingSecret),
		Buffer.from(campaignId),
		"census-bot/wrap/v1",
	);
	const privateKey = createPrivateKey({
		key: gcmOpen(wrapKey, wrappedPrivateKey),
		format: "der",
		type: "pkcs8",
	});
	return (sealed) => {
		const ephPublic = sealed.subarray(0, spkiLength);
		const shared = diffieHellman({
			privateKey,
			publicKey: publicKeyFromSpki(ephPublic),
		});
		const key = aesKey(
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
