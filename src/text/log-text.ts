import { cleanText } from "./clean-text.js";

/** The longest text a log field or message keeps: enough for our own messages, not for a pasted document. */
export const maxLogText = 500;

/**
 * Text made fit for a log line: one line, no invisible or direction-changing characters (a log viewer would show
 * them as they act), at most `maxLogText` characters. JSON encoding, done by the logger, escapes the rest.
 */
export function logText(value: string): string {
	const clean = cleanText(value);
	return clean.length <= maxLogText
		? clean
		: `${clean.slice(0, maxLogText - 1)}\u2026`;
}
