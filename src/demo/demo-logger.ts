import { createLogger, type Logger } from "../logger.js";

/**
 * The bot's logger in the demo: silent, so the demo's own friendly lines are all a reader sees, unless
 * `--verbose` asks for the bot's log too (JSON lines at info, on `verboseTo`, stderr by default).
 */
export function demoLogger(
	verbose: boolean,
	verboseTo:
		| NodeJS.WritableStream
		| { write(msg: string): void } = process.stderr,
): Logger {
	return verbose ? createLogger("info", verboseTo) : createLogger("silent");
}
