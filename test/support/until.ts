/**
 * The tests' one wait: polls `check` every `everyMs` until it holds, and throws "Timed out waiting for <what>"
 * after `timeoutMs`. (src/sim/wait-for.ts is the simulators' own, for probes that return what they found.)
 */
export async function until(
	check: () => boolean | Promise<boolean>,
	timeoutMs: number,
	what: string,
	everyMs = 50,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}
