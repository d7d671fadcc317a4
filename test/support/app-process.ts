import { type ChildProcess, spawn } from "node:child_process";

type Role = "web" | "worker" | "tally" | "all";

/** What the process runs: the sources through tsx (`npm start` in development), or the build (`node dist/main.js`). */
type Entry = "src/main.ts" | "dist/main.js";

/** One `npm start` process (via `node --import tsx src/main.ts`, or the build), with its output kept for assertions. */
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

	/** Starts a process without waiting for it to say it has started (to stop it mid-start, for one). */
	static launch(
		role: Role,
		env: Record<string, string>,
		entry: Entry = "src/main.ts",
	): AppProcess {
		const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
		return new AppProcess(
			spawn(process.execPath, [...loader, entry, `--role=${role}`], {
				env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
				stdio: ["ignore", "pipe", "pipe"],
			}),
		);
	}

	/** Starts a process with these roles and environment, and waits until it says it has started. */
	static async start(
		role: Role,
		env: Record<string, string>,
		/** How long it may take to say so; a loaded machine starts `tsx` slowly. */
		startTimeoutMs = 30_000,
		entry: Entry = "src/main.ts",
	): Promise<AppProcess> {
		const app = AppProcess.launch(role, env, entry);
		await app.started(startTimeoutMs);
		return app;
	}

	/** Starts a process that is expected to refuse to start: its exit code and what it said. */
	static async refused(
		role: Role,
		env: Record<string, string>,
	): Promise<{ code: number | null; output: string }> {
		const app = AppProcess.launch(role, env);
		const { code } = await app.exit;
		return { code, output: app.output.join("") };
	}

	/** The port it listens on, from its "census-bot started" line (start it with PORT=0 for a free one). */
	get port(): number {
		const line = this.output
			.join("")
			.split("\n")
			.find((l) => l.includes("census-bot started"));
		const port = line
			? (JSON.parse(line) as { port?: number }).port
			: undefined;
		if (!port) throw new Error(`no port in:\n${this.output.join("")}`);
		return port;
	}

	private async started(timeoutMs: number): Promise<void> {
		const child = this.child;
		const deadline = Date.now() + timeoutMs;
		while (!this.output.join("").includes("census-bot started")) {
			if (child.exitCode !== null || Date.now() > deadline) {
				// Not left running behind the test: nobody else holds its handle.
				await this.kill();
				throw new Error(`the app did not start:\n${this.output.join("")}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
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
