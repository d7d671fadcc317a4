import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../..",
);

/** Where text for readers is written: the chat renderers and the report files. */
const rendererDirs = ["src/chat", "src/reports"];

/** Values someone else chose: department, grade and campaign names, channels, words typed after a command. */
const nameLike =
	/\b(?:name|campaignName|departments|grades|channel|subcommand|word|problems)\b|\.text\b(?!\.)/;

/**
 * The escaping helpers, one per format (and `cleanText`/`logText` for plain text and logs), and the renderers'
 * local wrappers of them. What passes through one of these is escaped.
 */
const helper =
	/(?<![\w$.])(?:esc|escapeMrkdwn|escapeMarkdown|escapeTeamsMarkdown|escapeCommonMark|escapeXml|cleanText|logText|name|line|escapedProblemText)\(|(?<![\w$])(?:d|teamsDialect|slackDialect)\.escape\(|[\w$.?]+\.map\((?:esc|escapeMrkdwn|escapeMarkdown|escapeCommonMark|d\.escape)\)/g;

/** Quoted strings and nested templates (their own `${…}` are checked on their own). */
const literals = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

/**
 * `expr` without literals and with every helper call (and its balanced arguments, or the list it maps) taken out:
 * what is left is not escaped.
 */
function withoutHelperCalls(expr: string): string {
	let out = expr.replace(literals, '""');
	for (;;) {
		helper.lastIndex = 0;
		const m = helper.exec(out);
		if (!m) return out;
		let i = m.index + m[0].length;
		if (m[0].endsWith("(")) {
			let depth = 1;
			while (i < out.length && depth > 0) {
				if (out[i] === "(") depth++;
				else if (out[i] === ")") depth--;
				i++;
			}
		}
		out = `${out.slice(0, m.index)}\u0000${out.slice(i)}`;
	}
}

/** A line (or one of the two above it) saying the text is plain (`plain text:`), not read as markup at all. */
const plainText = /plain text:/;

function files(dir: string): string[] {
	return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap(
		(e) =>
			e.isDirectory()
				? files(path.join(dir, e.name))
				: e.name.endsWith(".ts")
					? [path.join(dir, e.name)]
					: [],
	);
}

/** Each `${…}` in the source with its line number, braces balanced. */
function interpolations(source: string): { expr: string; line: number }[] {
	const found: { expr: string; line: number }[] = [];
	let at = source.indexOf("${");
	while (at !== -1) {
		let depth = 1;
		let i = at + 2;
		while (i < source.length && depth > 0) {
			if (source[i] === "{") depth++;
			else if (source[i] === "}") depth--;
			i++;
		}
		found.push({
			expr: source.slice(at + 2, i - 1).trim(),
			line: source.slice(0, at).split("\n").length,
		});
		at = source.indexOf("${", at + 2);
	}
	return found;
}

/** Interpolations of a name-like value that go through no escaping helper and are not marked plain text. */
function unescapedNames(source: string): string[] {
	const lines = source.split("\n");
	return interpolations(source)
		.filter(({ expr }) => nameLike.test(withoutHelperCalls(expr)))
		.filter(
			({ line }) =>
				![line - 1, line - 2, line - 3].some((i) =>
					plainText.test(lines[i] ?? ""),
				),
		)
		.map(({ expr, line }) => `${line}: \${${expr}}`);
}

/**
 * Where a value reaches a reader without a template: as the argument of an element builder (`section(…)`,
 * `textBlock(…)`), as a text property (`text: …`), or added to a string with `+`. What follows up to the end of
 * the argument or statement is the value.
 */
const sinks =
	/(?:\b(?:section|textBlock|heading|mrkdwn|cell)\(|\b(?:text|title|fallback|alt_text|summary|altText|subtitle)\s*:\s*|[^+]\+\s*)/g;

/**
 * The name-like values of `nameLike` without `.text`: in these places a `.text` is the bot's own copy (a catalogue
 * question, a message a dialect already escaped), while a name is always someone else's.
 */
const namedValue =
	/\b(?:name|campaignName|departments|grades|channel|subcommand|word|problems)\b/;

/** The expression at `from`, up to a comma, a closing bracket or the end of the line at its own depth. */
function expressionAt(source: string, from: number): string {
	let depth = 0;
	let i = from;
	for (; i < source.length; i++) {
		const ch = source[i];
		if (ch === "(" || ch === "[" || ch === "{") depth++;
		else if (ch === ")" || ch === "]" || ch === "}") {
			if (depth === 0) break;
			depth--;
		} else if (depth === 0 && (ch === "," || ch === ";" || ch === "\n")) break;
	}
	return source.slice(from, i).trim();
}

/** Name-like values put straight into an element, a text property or a concatenation, without a helper. */
function unescapedSinks(source: string): string[] {
	const lines = source.split("\n");
	const found: string[] = [];
	sinks.lastIndex = 0;
	for (let m = sinks.exec(source); m; m = sinks.exec(source)) {
		const expr = expressionAt(source, m.index + m[0].length);
		const line = source.slice(0, m.index).split("\n").length;
		if (!namedValue.test(withoutHelperCalls(expr))) continue;
		if (
			[line - 1, line - 2, line - 3].some((i) => plainText.test(lines[i] ?? ""))
		)
			continue;
		found.push(`${line}: ${m[0].trim()} ${expr}`);
	}
	return found;
}

describe("renderers take names only through their format's escaping helper", () => {
	it("finds a name put straight into an element, a text property or a concatenation (so the check can fail)", () => {
		expect(unescapedSinks("blocks.push(section(campaign.name));")).toEqual([
			"1: section( campaign.name",
		]);
		expect(
			unescapedSinks('const b = { type: "mrkdwn", text: g.name };'),
		).toEqual(["1: text: g.name"]);
		expect(unescapedSinks('const t = "Post to " + opts.channel;')).toEqual([
			"1: + opts.channel",
		]);
		expect(
			unescapedSinks(
				'textBlock(escapeTeamsMarkdown(campaign.name)); const b = { text: esc(g.name) }; x = "a" + d.escape(p.channel);',
			),
		).toEqual([]);
	});

	it("finds an unescaped name in a template (so the check can fail)", () => {
		// Source text as the scan reads it, so `${` in plain strings is meant.
		const source = (lines: string[]) => lines.join("\n");
		const dollar = "$";
		expect(
			unescapedNames(
				source([
					`const t = \`*${dollar}{campaign.name}* and ${dollar}{esc(g.name)}\`;`,
				]),
			),
		).toEqual([`1: ${dollar}{campaign.name}`]);
		expect(
			unescapedNames(
				source([
					"// plain text: a button",
					`const t = \`Post to ${dollar}{opts.channel}\`;`,
				]),
			),
		).toEqual([]);
	});

	it.each(rendererDirs.flatMap(files))("%s", (file) => {
		const source = readFileSync(path.join(root, file), "utf8");
		expect(unescapedNames(source)).toEqual([]);
		expect(unescapedSinks(source)).toEqual([]);
	});
});
