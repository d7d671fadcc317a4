import { createCipheriv, createDecipheriv, hkdfSync } from "node:crypto";
import { randomNonce } from "./random-nonce.js";

/** A 256-bit key derived with HKDF-SHA256. */
export function hkdfKey(secret: Buffer, salt: Buffer, info: string): Buffer {
	return Buffer.from(hkdfSync("sha256", secret, salt, info, 32));
}

/** AES-256-GCM with a fresh 12-byte nonce: nonce ‖ tag ‖ ciphertext. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
	const iv = randomNonce();
	const cipher = createCipheriv("aes-256-gcm", key, iv);
	if (aad) cipher.setAAD(aad);
	const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens what `gcmSeal` made; throws if the key, the AAD or a byte is wrong. */
export function gcmOpen(key: Buffer, sealed: Buffer, aad?: Buffer): Buffer {
	const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
	if (aad) decipher.setAAD(aad);
	decipher.setAuthTag(sealed.subarray(12, 28));
	return Buffer.concat([
		decipher.update(sealed.subarray(28)),
		decipher.final(),
	]);
}
