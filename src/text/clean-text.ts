/**
 * Characters that change how text around them is shown without being seen themselves: C0 and C1 controls, the
 * bidirectional embeddings, overrides and isolates (a name holding U+202E shows the rest of the line backwards),
 * invisible separators, the byte order mark, noncharacters XML refuses, and unpaired surrogates. The zero-width joiner and non-joiner
 * stay: some scripts and emoji need them.
 */
const invisible =
	// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
	/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Line and paragraph breaks (and tabs), which would let a name start a line (a heading, a list item) of its own. */
const lineBreaks = /\s*(?:\r\n|[\t\n\v\f\r\u0085\u2028\u2029])\s*/g;

/**
 * Someone else's text (a department, grade or campaign name, a word typed after a command) made fit to show on one
 * line: no invisible or direction-changing characters, line breaks turned into spaces. Every format's escaping
 * helper starts here; it does not escape any markup itself.
 */
export function cleanText(value: string): string {
	return value.replace(lineBreaks, " ").replace(invisible, "");
}
