/**
 * Polls `probe` every 10 ms until it returns (or resolves to) something other than undefined; throws after
 * `timeoutMs`. An async probe is awaited, so a database query can be the condition.
 */
export async function waitFor<T>(
	probe: () => T | undefined | Promise<T | undefined>,
	timeoutMs: number,
	what: string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
