import { execFileSync } from "node:child_process";

/**
 * The commit the bench measured: its short hash, with "+changes" when tracked files differ from it (the figures are
 * then of code no commit holds); "unknown" outside a git checkout.
 */
export function sourceCommit(): string {
	const git = (...args: string[]) =>
		execFileSync("git", args, {
			encoding: "utf8",
			stdio: ["ignore", "pipe", "ignore"],
		}).trim();
	try {
		const head = git("rev-parse", "--short", "HEAD");
		const changed = git("status", "--porcelain", "--untracked-files=no");
		return changed ? `${head}+changes` : head;
	} catch {
		return "unknown";
	}
}
