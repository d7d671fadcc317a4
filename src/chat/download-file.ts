/** A download's outcome: the bytes, or why there are none (over the limit, or the server did not give it). */
export type Download =
	| { ok: true; bytes: Uint8Array }
	| { ok: false; reason: "too-large" }
	| { ok: false; reason: "failed"; status: number | null };

/**
 * Downloads a file of at most `maxBytes`, stopping as soon as it is known to be larger (its Content-Length, or the
 * bytes received so far), so a large file costs neither the time nor the memory. A network failure, a timeout or an
 * HTTP error is `failed` with the status (null when there was no answer).
 */
export async function downloadFile(
	url: string,
	opts: {
		maxBytes: number;
		headers?: Record<string, string>;
		timeoutMs?: number;
	},
): Promise<Download> {
	let res: Response;
	try {
		res = await fetch(url, {
			...(opts.headers ? { headers: opts.headers } : {}),
			signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
		});
	} catch {
		return { ok: false, reason: "failed", status: null };
	}
	if (!res.ok || !res.body) {
		await res.body?.cancel().catch(() => undefined);
		return { ok: false, reason: "failed", status: res.status };
	}
	const declared = Number(res.headers.get("content-length"));
	if (Number.isFinite(declared) && declared > opts.maxBytes) {
		await res.body.cancel().catch(() => undefined);
		return { ok: false, reason: "too-large" };
	}
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = res.body.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.length;
			if (size > opts.maxBytes) {
				await reader.cancel().catch(() => undefined);
				return { ok: false, reason: "too-large" };
			}
			chunks.push(value);
		}
	} catch {
		return { ok: false, reason: "failed", status: res.status };
	}
	return { ok: true, bytes: Buffer.concat(chunks) };
}
