/** Polls `probe` every 10 ms until it returns something other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(
	probe: () => T | undefined,
	timeoutMs: number,
	what: string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
