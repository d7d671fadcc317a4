import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
	type TallyKeyPair,
	tallyPublicKeyOf,
} from "../domain/ballots/tally-key.js";

const format = "census-bot/tally-keys/v1";

const keyFileSchema = z.object({
	format: z.literal(format),
	keys: z.array(
		z.object({
			id: z.string().regex(/^tk-[0-9a-f]{12}$/),
			createdAt: z.iso.datetime(),
			privateKey: z.base64(),
		}),
	),
});

/** The tally keys the tally process holds, newest last. */
export type TallyKeySet = readonly TallyKeyPair[];

/** A key file or value that cannot be used; the message names the source, never a key. */
export class TallyKeyFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "TallyKeyFileError";
	}
}

/** Reads a tally key set from its JSON text (`source` names where it came from, for errors). */
export function parseTallyKeySet(text: string, source: string): TallyKeySet {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new TallyKeyFileError(
			`${source} is not a census-bot tally key file (not JSON); make one with \`npm run tally-key -- new\``,
		);
	}
	const parsed = keyFileSchema.safeParse(json);
	if (!parsed.success)
		throw new TallyKeyFileError(
			`${source} is not a census-bot tally key file (${parsed.error.issues[0]?.path.join(".") || "format"} is wrong); make one with \`npm run tally-key -- new\``,
		);
	return parsed.data.keys.map((k) => {
		const privateKey = Buffer.from(k.privateKey, "base64");
		let publicKey: Buffer;
		try {
			publicKey = tallyPublicKeyOf(privateKey);
		} catch {
			throw new TallyKeyFileError(
				`${source}: key ${k.id} is not an X25519 private key`,
			);
		}
		return { id: k.id, createdAt: k.createdAt, publicKey, privateKey };
	});
}

/** The JSON text of a key set (private keys included: it is the secret). */
export function serializeTallyKeySet(keys: TallyKeySet): string {
	return `${JSON.stringify(
		{
			format,
			keys: keys.map((k) => ({
				id: k.id,
				createdAt: k.createdAt,
				privateKey: k.privateKey.toString("base64"),
			})),
		},
		null,
		2,
	)}\n`;
}

/** Reads the key file; a missing or unreadable file is a clear error. */
export async function readTallyKeyFile(file: string): Promise<TallyKeySet> {
	let text: string;
	try {
		text = await readFile(file, "utf8");
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		throw new TallyKeyFileError(
			code === "ENOENT"
				? `tally key file ${file} does not exist; make one with \`npm run tally-key -- new\``
				: `tally key file ${file} cannot be read (${code ?? "error"})`,
		);
	}
	return parseTallyKeySet(text, `tally key file ${file}`);
}

/** Writes a key file that must not exist yet (never overwrites a key). Readable by its owner only. */
export async function createTallyKeyFile(
	file: string,
	keys: TallyKeySet,
): Promise<void> {
	let handle: Awaited<ReturnType<typeof open>>;
	try {
		handle = await open(file, "wx", 0o600);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === "EEXIST")
			throw new TallyKeyFileError(
				`${file} already exists: it may hold the only copy of a key, so it is never overwritten`,
			);
		throw err;
	}
	try {
		await handle.writeFile(serializeTallyKeySet(keys));
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
 * Replaces the key file's contents atomically (a new file beside it, then a rename), so a crash leaves either the
 * old set or the new one, never half of either.
 */
export async function replaceTallyKeyFile(
	file: string,
	keys: TallyKeySet,
): Promise<void> {
	const temp = path.join(
		path.dirname(file),
		`.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`,
	);
	try {
		await createTallyKeyFile(temp, keys);
		await rename(temp, file);
	} finally {
		await rm(temp, { force: true });
	}
}
