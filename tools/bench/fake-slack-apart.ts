import { FakeSlackApi } from "../../src/sim/fake-slack-api.js";
import { FakeSlackProcess } from "./fake-slack-process.js";

/** A fake Slack workspace in a process of its own, and the fake the simulator takes its ids from. */
export type FakeSlackApart = {
	/** The workspace the app calls (`SLACK_API_URL`: its `apiUrl`). */
	workspace: FakeSlackProcess;
	/**
	 * A fake in this process that serves the simulator alone: the team and app ids, trigger ids and response URLs
	 * it puts in requests (a slash command's reply goes to it). Its ids are the workspace's (they are fixed).
	 */
	forSimulator: FakeSlackApi;
	close(): Promise<void>;
};

/**
 * Starts a fake workspace apart from the load generator: its clock decides 429s, and its work (hundreds of
 * `chat.update`s a second at the answer rates) would otherwise share the event loop that sends the load and times
 * the answers, delaying both.
 */
export async function fakeSlackApart(opts: {
	botToken: string;
	rateLimitPerSecond?: number;
}): Promise<FakeSlackApart> {
	const workspace = await FakeSlackProcess.start(opts);
	const forSimulator = await FakeSlackApi.start({ botToken: opts.botToken });
	return {
		workspace,
		forSimulator,
		async close() {
			await forSimulator.close();
			await workspace.close();
		},
	};
}
