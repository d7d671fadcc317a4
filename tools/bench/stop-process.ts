import type { ChildProcess } from "node:child_process";

/** Sends SIGTERM to `child` and waits for it to exit (at once when it already has). */
export async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once("exit", r));
	child.kill("SIGTERM");
	await exited;
}
