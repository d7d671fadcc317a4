/**
 * Names an HR file or an admin could give a department, grade or campaign, each trying to become live markup
 * somewhere: a Slack broadcast or link, Markdown emphasis or a link, HTML, a spreadsheet formula, a Teams card
 * function, reversed or invisible text, a line of its own, or sheer size.
 */
export const hostileNames = [
	"<!channel>",
	"<!here|here>",
	"<@U0BOSS>",
	"<#C0LEADERS>",
	"<https://x.example|y>",
	"**x**",
	"[x](https://y.example)",
	"![x](https://y.example/p.png)",
	"=cmd()",
	"+cmd()",
	"@SUM(A1)",
	"<script>alert(1)</script>",
	"# Heading",
	"- item",
	"1. item",
	"> quote",
	"`code`",
	"{{DATE(2026-12-14T00:00:00Z, SHORT)}}",
	"https://evil.example",
	"Legal\n- injected line",
	"Fin\u202Eecnan",
	"Sa\u200Bles\uFEFF",
	"&lt;!channel&gt;",
	"A".repeat(10_240),
] as const;

/** Characters that reorder or hide text; none may reach a reader from a name. */
export const invisibleFromInput =
	// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
	/[\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff\u0000-\u0008]/;

/** Problems with Slack mrkdwn text: any raw `<` (a mention, broadcast, channel or link) or a stray `&`. */
export function slackLiveMarkup(text: string): string[] {
	const found: string[] = [];
	if (text.includes("<"))
		found.push(`raw "<" in ${JSON.stringify(text.slice(0, 120))}`);
	if (/&(?!amp;|lt;|gt;)/.test(text)) found.push("unescaped &");
	if (invisibleFromInput.test(text)) found.push("invisible character");
	return found;
}

/**
 * Problems with Markdown text (Teams or report.md) that held the hostile names: any of them still able to act.
 * Our own markup (`**bold**`, `- ` list items, backticked commands) does not trip these.
 */
export function markdownLiveMarkup(text: string): string[] {
	const checks: [string, RegExp][] = [
		["raw HTML or autolink", /(?<!\\)<(?!\\)/],
		["link or image", /(?<!\\)\]\(/],
		["bare URL (autolinked)", /https?:\/\/|www\./i],
		["emphasis from a name", /(?<!\\)\*\*x(?<!\\)\*\*/],
		["code from a name", /(?<!\\)`code(?<!\\)`/],
		["card function", /\{\{/],
		["heading from a name", /^\s*#+ Heading/m],
		["list item from a name", /^\s*(?:- item|1\. item|- injected)/m],
		["quote from a name", /^\s*> quote/m],
		["invisible character", invisibleFromInput],
	];
	return checks.filter(([, re]) => re.test(text)).map(([what]) => what);
}
