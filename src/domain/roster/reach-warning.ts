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

/** True for a row no configured platform can reach as it stands: no id for any of them. */
export function isIdless(
	row: RosterRow,
	platforms: readonly Platform[],
): boolean {
	return (
		!(platforms.includes("slack") && row.slackUserId) &&
		!(platforms.includes("teams") && row.teamsUserId)
	);
}

/**
 * What an import says about rows no configured platform can reach as they stand (`isIdless`, counted as the file is
 * read): looked up by email where a platform has a directory, otherwise never invited or counted. With
 * `idless.emails` (`--list-unreachable`), their emails are listed; otherwise the hints say how to see them.
 */
export function reachWarning(
	idless: { count: number; emails: readonly string[] | null },
	platforms: readonly Platform[],
	directories: readonly Platform[],
	hints: ReachWarningHints = cliReachHints,
): string[] {
	if (idless.count === 0) return [];
	const n = idless.count;
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
	if (idless.emails)
		for (const email of idless.emails) lines.push(`  ${email}`);
	else if (hints.listThem) lines.push(hints.listThem);
	return lines;
}
