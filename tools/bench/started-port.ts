import type { ChildProcess } from "node:child_process";

/** The app's HTTP port, from its "census-bot started" log line, once it has written it (within a minute). */
export async function startedPort(
	app: ChildProcess,
	log: () => string,
): Promise<number> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const m = /"port":(\d+)[^\n]*census-bot started/.exec(log());
		if (m) return Number(m[1]);
		if (app.exitCode !== null || Date.now() > deadline)
			throw new Error(`the app did not start:\n${log()}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}
