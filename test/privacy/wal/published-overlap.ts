/** Shortest run of bytes (8) that counts as shared: chance alone makes one about 2^-64 per pair of places. */
const runBytes = 8;

function windows(text: string, width: number): Set<string> {
	const out = new Set<string>();
	for (let i = 0; i + width <= text.length; i++)
		out.add(text.slice(i, i + width));
	return out;
}

/**
 * Tells whether a ciphertext has anything in common with what was published: an 8-byte run of it,
 * raw, in hex or in base64 (any alignment), appearing anywhere in the published bytes.
 */
export function publishedOverlap(
	published: readonly Buffer[],
): (stored: Buffer) => boolean {
	const raw = published.map((b) => b.toString("latin1")).join("\u0000");
	const rawRuns = windows(raw, runBytes);
	const hexRuns = windows(raw.toLowerCase(), 2 * runBytes);
	const base64Runs = windows(raw, 12);
	return (stored) => {
		const s = stored.toString("latin1");
		for (let i = 0; i + runBytes <= s.length; i++)
			if (rawRuns.has(s.slice(i, i + runBytes))) return true;
		const hex = stored.toString("hex");
		for (let i = 0; i + 2 * runBytes <= hex.length; i += 2)
			if (hexRuns.has(hex.slice(i, i + 2 * runBytes))) return true;
		for (let shift = 0; shift < 3; shift++)
			for (const encoding of ["base64", "base64url"] as const) {
				const b64 = stored.subarray(shift).toString(encoding);
				for (let i = 0; i + 12 <= b64.length - 4; i += 4)
					if (base64Runs.has(b64.slice(i, i + 12))) return true;
			}
		return false;
	};
}
