import { copyFile, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Lsn } from "./lsn.js";
import { segmentFileName, type WalLayout } from "./wal-segments.js";

/**
 * Copies the segments holding `[start, end)` out of the server's pg_wal into a new directory: the
 * attacker's WAL archive. Returns its layout. The caller removes the directory.
 */
export async function copyWalArchive(
	from: WalLayout,
	start: Lsn,
	end: Lsn,
): Promise<WalLayout & { segments: number }> {
	const dir = await mkdtemp(path.join(os.tmpdir(), "census-wal-archive-"));
	const size = BigInt(from.segmentSize);
	let segments = 0;
	for (let at = start - (start % size); at < end; at += size) {
		const name = segmentFileName(from, at);
		await copyFile(path.join(from.dir, name), path.join(dir, name)).catch(
			(err: NodeJS.ErrnoException) => {
				throw new Error(
					`cannot copy WAL segment ${name} from ${from.dir}: ${err.code ?? err.message} (the attack needs to read pg_wal: run as the server's owner or root)`,
				);
			},
		);
		segments++;
	}
	return { ...from, dir, segments };
}
