import { breakAutolinks } from "./break-autolinks.js";
import { cleanText } from "./clean-text.js";

/**
 * Someone else's text made inert in Teams markdown (message text and Adaptive Card TextBlocks): every mark that
 * could start emphasis, code, a link, an image, raw HTML, a heading or a quote is backslash-escaped, a
 * leading `-`, `+`, `=` or `1.` cannot begin a list or underline a heading, `{{` cannot call a card's DATE/TIME
 * function, and URLs are not linked.
 */
export function escapeTeamsMarkdown(value: string): string {
	return breakAutolinks(cleanText(value))
		.replace(/[\\`*_~[\]()<>#]/g, "\\$&")
		.replace(/^(\s*)([-+=])/, "$1\\$2")
		.replace(/^(\s*\d+)([.)])/, "$1\\$2")
		.replace(/\{(?=\{)/g, "{\u200b");
}
