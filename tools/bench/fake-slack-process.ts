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

/** Every `chat.postMessage` the fake workspace took, in the order it took them. */
export type FakeSlackSends = {
	/** [when (ms, this machine's clock), channel] of each successful call. */
	sent: [number, string][];
	/** When each call answered 429 came. */
	rateLimitedAt: number[];
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

	/** Each DM the fake took, and each 429 it answered, with their times (large: ask once, at the end). */
	sends(): Promise<FakeSlackSends> {
		return new Promise((resolve) => {
			this.child.once("message", (m) => resolve(m as FakeSlackSends));
			this.child.send("sends");
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
			if (what === "sends") {
				const calls = fake.callsTo("chat.postMessage");
				send({
					sent: calls
						.filter((c) => !c.rateLimited && !c.error)
						.map((c) => [c.at, String(c.params.channel)]),
					rateLimitedAt: calls.filter((c) => c.rateLimited).map((c) => c.at),
				} satisfies FakeSlackSends);
				return;
			}
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
