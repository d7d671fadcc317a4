import { cleanText } from "./clean-text.js";

/**
 * Someone else's text made inert in Slack mrkdwn: `&`, `<` and `>` escaped as Slack asks, so no `<!channel>`,
 * `<@U…>`, `<#C…>` or `<https://…|…>` from input becomes a mention or a link. Blocks carrying it are sent with
 * `verbatim: true` (see `section` in `chat/slack/blocks.ts`), so bare URLs and channel names are not linked
 * either. Emphasis marks (`*`, `_`, `~`) are left: they can only restyle the name itself.
 */
export function escapeMrkdwn(value: string): string {
	return cleanText(value)
		.replaceAll("&", "&amp;")
		.replaceAll("<", "&lt;")
		.replaceAll(">", "&gt;");
}
