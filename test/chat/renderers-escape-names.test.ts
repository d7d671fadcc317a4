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
	/(?<![\w$.])(?:esc|escapeMrkdwn|escapeMarkdown|escapeTeamsMarkdown|escapeCommonMark|escapeXml|cleanText|logText|name|line)\(|(?<![\w$])(?:d|teamsDialect|slackDialect)\.escape\(|[\w$.?]+\.map\((?:esc|escapeMrkdwn|escapeMarkdown|escapeCommonMark|d\.escape)\)/g;

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

describe("renderers take names only through their format's escaping helper", () => {
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
		expect(unescapedNames(readFileSync(path.join(root, file), "utf8"))).toEqual(
			[],
		);
	});
});
