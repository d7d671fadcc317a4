/**
 * Puts a zero-width space into `scheme://` and `www.`, which Markdown renderers (GitHub's, Teams') turn into links
 * on their own, even where every other mark is escaped. The text reads the same.
 */
export function breakAutolinks(value: string): string {
	return value
		.replace(/:\/\//g, ":\u200b//")
		.replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u200b.`);
}
