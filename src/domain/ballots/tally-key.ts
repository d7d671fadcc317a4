import {
	createPrivateKey,
	createPublicKey,
	diffieHellman,
	generateKeyPairSync,
	randomBytes,
} from "node:crypto";
import { gcmOpen, gcmSeal, hkdfKey } from "./aes-gcm.js";
import {
	TallyKeyUnavailableError,
	type WrappedCampaignKey,
} from "./key-custody.js";

/** A tally key pair: X25519, public key in SPKI DER, private key in PKCS#8 DER. */
export type TallyKeyPair = {
	id: string;
	createdAt: string;
	publicKey: Buffer;
	privateKey: Buffer;
};

const spkiLength = 44;

/** A new tally key with a random id (`tk-` and 12 hex digits). */
export function generateTallyKey(now: Date): TallyKeyPair {
	const { publicKey, privateKey } = generateKeyPairSync("x25519", {
		publicKeyEncoding: { type: "spki", format: "der" },
		privateKeyEncoding: { type: "pkcs8", format: "der" },
	});
	return {
		id: `tk-${randomBytes(6).toString("hex")}`,
		createdAt: now.toISOString(),
		publicKey,
		privateKey,
	};
}

/** The public half of a private tally key (to check a key file against what is registered). */
export function tallyPublicKeyOf(privateKey: Buffer): Buffer {
	return createPublicKey(
		createPrivateKey({ key: privateKey, format: "der", type: "pkcs8" }),
	).export({ type: "spki", format: "der" });
}

const aad = (keyId: string, campaignId: string) =>
	Buffer.from(`census-bot/campaign-key/v1\0${keyId}\0${campaignId}`);

/**
 * Seals a campaign's private key to a tally public key (X25519 ECDH with a fresh ephemeral key, HKDF-SHA256,
 * AES-256-GCM; the key id and campaign id are authenticated, so a wrapped key opens only for its own campaign).
 */
export function wrapToTallyKey(
	tally: { id: string; publicKey: Buffer },
	campaignId: string,
	campaignPrivateKey: Buffer,
): WrappedCampaignKey {
	const eph = generateKeyPairSync("x25519", {
		publicKeyEncoding: { type: "spki", format: "der" },
		privateKeyEncoding: { type: "pkcs8", format: "der" },
	});
	const shared = diffieHellman({
		privateKey: createPrivateKey({
			key: eph.privateKey,
			format: "der",
			type: "pkcs8",
		}),
		publicKey: createPublicKey({
			key: tally.publicKey,
			format: "der",
			type: "spki",
		}),
	});
	const key = hkdfKey(
		shared,
		Buffer.concat([eph.publicKey, tally.publicKey]),
		"census-bot/tally-wrap/v1",
	);
	return {
		keyId: tally.id,
		wrapped: Buffer.concat([
			eph.publicKey,
			gcmSeal(key, campaignPrivateKey, aad(tally.id, campaignId)),
		]),
	};
}

/** Opens what `wrapToTallyKey` sealed, with the tally private key; `TallyKeyUnavailableError` if it does not fit. */
export function unwrapWithTallyKey(
	tally: { id: string; privateKey: Buffer },
	campaignId: string,
	wrapped: WrappedCampaignKey,
): Buffer {
	if (wrapped.keyId !== tally.id)
		throw new TallyKeyUnavailableError(wrapped.keyId, "missing");
	const ephPublic = wrapped.wrapped.subarray(0, spkiLength);
	try {
		const privateKey = createPrivateKey({
			key: tally.privateKey,
			format: "der",
			type: "pkcs8",
		});
		const shared = diffieHellman({
			privateKey,
			publicKey: createPublicKey({
				key: ephPublic,
				format: "der",
				type: "spki",
			}),
		});
		const key = hkdfKey(
			shared,
			Buffer.concat([ephPublic, tallyPublicKeyOf(tally.privateKey)]),
			"census-bot/tally-wrap/v1",
		);
		return gcmOpen(
			key,
			wrapped.wrapped.subarray(spkiLength),
			aad(tally.id, campaignId),
		);
	} catch {
		throw new TallyKeyUnavailableError(wrapped.keyId, "wrong-key");
	}
}
