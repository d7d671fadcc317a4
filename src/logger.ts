import { type Logger, pino } from "pino";
import { logText } from "./text/log-text.js";

/**
 * Fields a log line may carry. Logs hold ids and counts only: never answers, free text,
 * names or emails. Anything else passed in a log object is dropped.
 */
const allowedFields = [
	"campaignId",
	"jobId",
	"queue",
	"requestId",
	"platform",
	"count",
	"total",
	"attempts",
	"durationMs",
	"status",
	"code",
	"command",
	"event",
	"host",
	"port",
	"waitedMs",
	"url",
	"role",
	"applied",
	"keyId",
	"reason",
	"kind",
	"err",
] as const;

const allowed = new Set<string>(allowedFields);

/** Errors whose messages we write ourselves and know to carry no data. */
const trustedErrorNames = new Set([
	"EmbeddedDatabaseBusyError",
	"ConfigError",
	"RedisUnavailableError",
	"UnrecoverableError",
]);

/**
 * Reduces an error to its name, code and stack frames. The message is dropped unless the error
 * is one of ours: driver and SDK messages can quote query parameters or request bodies.
 */
function describeError(e: Error): Record<string, unknown> {
	const code = (e as { code?: unknown }).code;
	const frames = (e.stack ?? "")
		.split("\n")
		.filter((line) => line.startsWith("    at "))
		.slice(0, 8)
		.join("\n");
	return {
		name: e.name,
		code,
		...(trustedErrorNames.has(e.name) ? { message: logText(e.message) } : {}),
		stack: frames,
	};
}

/** Keeps only allowlisted fields; errors are reduced to name, code and message. */
function filterFields(obj: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(obj)) {
		if (!allowed.has(k)) continue;
		if (k === "err" && v instanceof Error) out.err = describeError(v);
		else out[k] = typeof v === "string" ? logText(v) : v;
	}
	return out;
}

/** Creates the app logger: JSON lines, allowlisted fields, secrets redacted as a safety net. */
export function createLogger(
	level: string,
	destination?: NodeJS.WritableStream | { write(msg: string): void },
): Logger {
	return pino(
		{
			level,
			base: undefined,
			formatters: { log: filterFields },
			// Messages are ours, but some quote a library's (Bolt's): each string argument is cleaned like a field.
			hooks: {
				logMethod(args, method) {
					method.apply(
						this,
						args.map((a) => (typeof a === "string" ? logText(a) : a)) as [
							string,
						],
					);
				},
			},
			redact: {
				paths: [
					"*.token",
					"*.botToken",
					"*.signingSecret",
					"*.appPassword",
					"*.sealingSecret",
				],
				censor: "[redacted]",
			},
		},
		destination as pino.DestinationStream | undefined,
	);
}

export type { Logger };
