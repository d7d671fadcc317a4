import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../logger.js";

/**
 * Bolt's logger on top of ours. Bolt never logs below INFO here, because at DEBUG it prints
 * request bodies, which can carry answers.
 */
export function createBoltLogger(logger: Logger): BoltLogger {
	const child = logger.child({ platform: "slack" });
	const join = (msg: unknown[]) =>
		msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" ");
	return {
		debug: () => undefined,
		info: (...msg: unknown[]) => child.info(join(msg)),
		warn: (...msg: unknown[]) => child.warn(join(msg)),
		error: (...msg: unknown[]) => child.error(join(msg)),
		setLevel: () => undefined,
		getLevel: () => LogLevel.INFO,
		setName: () => undefined,
	};
}
