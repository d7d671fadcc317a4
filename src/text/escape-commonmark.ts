import { breakAutolinks } from "./break-autolinks.js";
import { cleanText } from "./clean-text.js";

/**
 * Someone else's text made inert in a Markdown document (CommonMark and GitHub's extensions, as `report.md` is
 * read): emphasis, code, links, images, raw HTML (`<script>`), entities, table cell ends and strikethrough are
 * backslash-escaped; a leading `#`, `>`, `-`, `+`, `=` or `1.` cannot start a heading, quote or list; URLs are not
 * linked; `{{` and `{%` cannot run as a template where the file is published by a site generator (Liquid). The
 * text stays on one line.
 */
export function escapeCommonMark(value: string): string {
	return breakAutolinks(cleanText(value))
		.replace(/[\\`*_~[\]()<>&|!]/g, "\\$&")
		.replace(/^(\s*)([#+=-])/, "$1\\$2")
		.replace(/^(\s*\d+)([.)])/, "$1\\$2")
		.replace(/\{(?=[{%])/g, "{\u200b");
}
