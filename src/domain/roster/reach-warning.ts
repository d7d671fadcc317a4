import type { Platform } from "../deliveries/platform.js";
import type { RosterRow } from "./roster-row.js";

const names: Record<Platform, string> = { slack: "Slack", teams: "Teams" };
const list = (ps: readonly Platform[]) => ps.map((p) => names[p]).join(" or ");

/** How the reader asks for more: the reach check, and (on the command line) the list of those rows. */
export type ReachWarningHints = {
	/** The reach check as the reader runs it (`npm run roster -- check`, `/census check`). */
	check: string;
	/** How to list the rows' emails, or null where they are listed only by the reach check. */
	listThem: string | null;
};

/** The command line's hints. */
export const cliReachHints: ReachWarningHints = {
	check: "`npm run roster -- check`",
	listThem: "Add --list-unreachable to list them.",
};

/**
 * What an import says about rows no configured platform can reach as they stand (no id for any of them): looked up
 * by email where a platform has a directory, otherwise never invited or counted. `listThem` prints their emails.
 */
export function reachWarning(
	rows: readonly RosterRow[],
	platforms: readonly Platform[],
	directories: readonly Platform[],
	listThem: boolean,
	hints: ReachWarningHints = cliReachHints,
): string[] {
	const idless = rows.filter(
		(r) =>
			!(platforms.includes("slack") && r.slackUserId) &&
			!(platforms.includes("teams") && r.teamsUserId),
	);
	if (idless.length === 0) return [];
	const n = idless.length;
	const rowsText = `${n.toLocaleString("en-US")} ${n === 1 ? "row has" : "rows have"}`;
	const lookup = directories.filter((p) => platforms.includes(p));
	const lines =
		platforms.length === 0
			? [
					`Warning: ${rowsText} no way to be reached: neither Slack nor Teams is configured, so nobody can be invited.`,
				]
			: lookup.length > 0
				? [
						`${rowsText} no ${list(platforms)} id: they will be looked up by email in ${list(lookup)} when the census starts. Run ${hints.check} to see now who can be reached.`,
					]
				: [
						`Warning: ${rowsText} no ${list(platforms)} id, and no configured platform can look people up by email: they will not be invited or counted.`,
					];
	if (listThem) for (const r of idless) lines.push(`  ${r.email}`);
	else if (hints.listThem) lines.push(hints.listThem);
	return lines;
}
