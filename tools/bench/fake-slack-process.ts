import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
	FakeSlackApi,
	type FakeSlackApiOptions,
} from "../../src/sim/fake-slack-api.js";

/** What the benches need to know about the DMs a fake workspace received. */
export type FanOutTally = {
	/** Successful `chat.postMessage` calls. */
	delivered: number;
	rateLimited: number;
	/** Successful calls per channel, when asked for in full. */
	perChannel?: Record<string, number>;
	/** CPU time the fake's process has used so far (user + system), in ms. */
	cpuMs: number;
};

/**
 * A fake Slack workspace in a process of its own, so that its clock (which decides 429s) runs on its own event
 * loop, as a real workspace's would, rather than sharing the app's.
 */
export class FakeSlackProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly apiUrl: string,
	) {}

	static start(options: FakeSlackApiOptions): Promise<FakeSlackProcess> {
		const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
			execArgv: ["--import", "tsx"],
			stdio: ["ignore", "ignore", "inherit", "ipc"],
		});
		child.send(options);
		return new Promise((resolve, reject) => {
			child.once("message", (m) =>
				resolve(new FakeSlackProcess(child, (m as { apiUrl: string }).apiUrl)),
			);
			child.once("error", reject);
			child.once("exit", (code) =>
				reject(new Error(`the fake Slack process exited (${code})`)),
			);
		});
	}

	/** The DMs received so far; `full` adds the count per channel (large: ask once, at the end). */
	tally(full = false): Promise<FanOutTally> {
		return new Promise((resolve) => {
			this.child.once("message", (m) => resolve(m as FanOutTally));
			this.child.send(full ? "full" : "count");
		});
	}

	async close(): Promise<void> {
		this.child.removeAllListeners("exit");
		const exited = new Promise((r) => this.child.once("exit", r));
		this.child.kill();
		await exited;
	}
}

if (process.argv.includes("--serve") && process.send) {
	const send = process.send.bind(process);
	process.once("message", async (options) => {
		const fake = await FakeSlackApi.start(options as FakeSlackApiOptions);
		process.on("message", (what) => {
			const perChannel: Record<string, number> = {};
			let delivered = 0;
			let rateLimited = 0;
			for (const c of fake.callsTo("chat.postMessage")) {
				if (c.rateLimited) rateLimited++;
				else if (!c.error) {
					delivered++;
					const to = String(c.params.channel);
					if (what === "full") perChannel[to] = (perChannel[to] ?? 0) + 1;
				}
			}
			const cpu = process.cpuUsage();
			send({
				delivered,
				rateLimited,
				cpuMs: Math.round((cpu.user + cpu.system) / 1000),
				...(what === "full" ? { perChannel } : {}),
			} satisfies FanOutTally);
		});
		send({ apiUrl: fake.apiUrl });
	});
	process.once("disconnect", () => process.exit(0));
}
