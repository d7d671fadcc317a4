/**
 * Lists the functions of TypeScript files by length in lines, longest first.
 * `npx tsx tools/function-lengths.ts [folder …] [--over N]` (default: src, every function).
 * test/docs/function-length.test.ts holds src/ to the limit below.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The longest a product function may be, in lines from its first to its last. */
export const functionLineLimit = 120;

export type FunctionLength = { file: string; name: string; lines: number };

const root = fileURLToPath(new URL("..", import.meta.url));

function typeScriptFilesUnder(dir: string): string[] {
	if (!statSync(path.join(root, dir)).isDirectory()) return [dir];
	return readdirSync(path.join(root, dir)).flatMap((name) => {
		const rel = path.join(dir, name);
		if (statSync(path.join(root, rel)).isDirectory())
			return typeScriptFilesUnder(rel);
		return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [rel] : [];
	});
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
	const named = node as { name?: ts.Node };
	if (named.name) return named.name.getText(source);
	if (ts.isConstructorDeclaration(node)) return "constructor";
	const parent = node.parent;
	if (
		ts.isVariableDeclaration(parent) ||
		ts.isPropertyAssignment(parent) ||
		ts.isPropertyDeclaration(parent)
	)
		return parent.name.getText(source);
	return "(anonymous)";
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
	return (
		ts.isFunctionDeclaration(node) ||
		ts.isFunctionExpression(node) ||
		ts.isArrowFunction(node) ||
		ts.isMethodDeclaration(node) ||
		ts.isConstructorDeclaration(node) ||
		ts.isGetAccessorDeclaration(node) ||
		ts.isSetAccessorDeclaration(node)
	);
}

/** Every function with a body in one file's text; a nested function counts on its own and inside its parent. */
export function functionLengthsIn(
	file: string,
	text: string,
): FunctionLength[] {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: FunctionLength[] = [];
	const visit = (node: ts.Node): void => {
		if (isFunction(node) && node.body) {
			const first = source.getLineAndCharacterOfPosition(
				node.getStart(source),
			).line;
			const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			found.push({ file, name: nameOf(node, source), lines: last - first + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function functionLengthsOf(file: string): FunctionLength[] {
	return functionLengthsIn(file, readFileSync(path.join(root, file), "utf8"));
}

/** Every function under the given folders (relative to the repository), longest first. */
export function functionLengths(dirs: readonly string[]): FunctionLength[] {
	return dirs
		.flatMap(typeScriptFilesUnder)
		.flatMap(functionLengthsOf)
		.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

if (
	process.argv[1] &&
	fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
	process.stdout.on("error", () => process.exit(0)); // `| head` closed the pipe
	const args = process.argv.slice(2);
	const overAt = args.indexOf("--over");
	const over = overAt >= 0 ? Number(args[overAt + 1]) : 0;
	const dirs = args.filter(
		(_, i) => overAt < 0 || (i !== overAt && i !== overAt + 1),
	);
	for (const f of functionLengths(dirs.length > 0 ? dirs : ["src"]))
		if (f.lines > over)
			process.stdout.write(`${f.lines}\t${f.file}\t${f.name}\n`);
}
