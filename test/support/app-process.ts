import { type ChildProcess, spawn } from "node:child_process";

/** One `npm start` process (via `node --import tsx src/main.ts`), with its output kept for assertions. */
export class AppProcess {
	readonly output: string[] = [];
	private exit: Promise<{ code: number | null; signal: string | null }>;

	private constructor(readonly child: ChildProcess) {
		const keep = (b: Buffer) => void this.output.push(b.toString());
		child.stdout?.on("data", keep);
		child.stderr?.on("data", keep);
		this.exit = new Promise((resolve) =>
			child.once("exit", (code, signal) => resolve({ code, signal })),
		);
	}

	/** Starts a process with these roles and environment, and waits until it says it has started. */
	static async start(
		role: "web" | "worker" | "all",
		env: Record<string, string>,
		/** How long it may take to say so; a loaded machine starts `tsx` slowly. */
		startTimeoutMs = 30_000,
	): Promise<AppProcess> {
		const child = spawn(
			process.execPath,
			["--import", "tsx", "src/main.ts", `--role=${role}`],
			{
				env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		const app = new AppProcess(child);
		const deadline = Date.now() + startTimeoutMs;
		while (!app.output.join("").includes("census-bot started")) {
			if (child.exitCode !== null || Date.now() > deadline) {
				// Not left running behind the test: nobody else holds its handle.
				await app.kill();
				throw new Error(`the app did not start:\n${app.output.join("")}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		return app;
	}

	/** kill -9: no chance to finish anything. */
	async kill(): Promise<void> {
		this.child.kill("SIGKILL");
		await this.exit;
	}

	/** SIGTERM, then how it ended and how long it took. */
	async terminate(): Promise<{ code: number | null; ms: number }> {
		const t0 = Date.now();
		this.child.kill("SIGTERM");
		const { code } = await this.exit;
		return { code, ms: Date.now() - t0 };
	}
}
