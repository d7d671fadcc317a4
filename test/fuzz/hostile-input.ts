import fc from "fast-check";

/** Pieces of text that attack a chat reply: mentions, links, markup, entities, direction and invisible marks. */
export const hostilePieces = [
	"<!channel>",
	"<!here>",
	"<!everyone>",
	"<!subteam^S123>",
	"<@U0ADMIN>",
	"<#C0LEAD|leadership>",
	"<https://evil.example|Benefits>",
	"<mailto:x@evil.example|HR>",
	"&lt;!channel&gt;",
	"&amp;",
	"**x**",
	"_x_",
	"[x](https://y.example)",
	"![i](https://y.example/i.png)",
	"=cmd()",
	"<script>alert(1)</script>",
	"<at>Census</at>",
	"\u202eevil",
	"a\u200bb\u200d",
	"\ufeff",
	"مرحبا بالعالم",
	"שלום",
	"\u0000\u0007",
	"\ud800",
	"`code`",
	"```block```",
	"{{DATE(2026-01-01T00:00:00Z)}}",
	'name="<!channel>"',
	"name=<https://evil.example|x>",
	"closes=2099-01-01",
	"channel=<#C1|x>",
	"questions=key,<x>",
	"grades=<!here>",
	"hours=<b>",
] as const;

/** The subcommands, in both cases, and a few near misses. */
const subcommands = fc.constantFrom(
	"help",
	"status",
	"results",
	"resend-unknown",
	"start",
	"Start",
	"STATUS",
	"statu",
	"",
);

const word = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...hostilePieces) },
	{ weight: 2, arbitrary: subcommands },
	{ weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
	{ weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 24 }) },
	{ weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
);

/** A command line after `/census` or `census`: mostly words, sometimes a 10 KB string. */
export const commandText: fc.Arbitrary<string> = fc.oneof(
	{
		weight: 30,
		arbitrary: fc.array(word, { maxLength: 7 }).map((words) => words.join(" ")),
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(
				fc.constantFrom(...hostilePieces),
				fc.string({
					unit: "grapheme-ascii",
					minLength: 10_000,
					maxLength: 10_000,
				}),
			)
			.map(([a, b]) => `${a} ${b}`),
	},
);

/**
 * Markup from the input that reaches a reply raw: a `<…` sequence (a mention, link or tag), or in Slack an
 * `&lt;`/`&gt;` that Slack would turn back into one. Escaped forms (`&lt;` in Slack, `\<` in Teams markdown) do
 * not count.
 */
export function unescapedEchoes(
	input: string,
	replies: readonly string[],
	platform: "slack" | "teams",
): string[] {
	const shown = replies
		.join("\n")
		.replaceAll("\\<", "")
		.replaceAll("&amp;", "");
	const found = new Set<string>();
	for (const m of input.matchAll(/<[^<\s]{1,15}/g))
		if (shown.includes(m[0])) found.add(m[0]);
	if (platform === "slack")
		for (const m of input.matchAll(/&lt;[^\s&<]{2,12}/g)) {
			// The same text after a raw `<` in the input is escaped to exactly this: not an echo.
			if (input.includes(`<${m[0].slice(4)}`)) continue;
			if (shown.includes(m[0])) found.add(m[0]);
		}
	return [...found];
}

/** Every string anywhere in a JSON value (a message body, a card). */
export function stringsIn(value: unknown): string[] {
	if (typeof value === "string") return [value];
	if (Array.isArray(value)) return value.flatMap(stringsIn);
	if (value && typeof value === "object")
		return Object.values(value).flatMap(stringsIn);
	return [];
}
