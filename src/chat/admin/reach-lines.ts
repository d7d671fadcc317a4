import type { UnreachableReason } from "../../domain/roster/reach.js";
import type { ReachReport } from "../../domain/roster/resolve-reach.js";
import { csvField } from "../../text/csv-field.js";
import type { Dialect } from "./dialect.js";

/** How each reason reads to an admin, after a count. */
export const reasonText: Record<UnreachableReason, string> = {
	not_found: "not found by email",
	deactivated: "deactivated",
	guest: "guests",
	bot: "bots or apps",
	app_not_installable: "cannot get the app",
	app_not_installed: "do not have the app",
	no_platform: "have no chat id and no platform to look them up",
};

const platformName = { slack: "Slack", teams: "Teams" } as const;

/**
 * The reach in a few sentences: how many can be invited, on each platform, and how many cannot and why (counts only:
 * the names go in the CSV). Directory failures are said, so a missing scope is fixed rather than guessed at.
 */
export function reachLines(
	d: Pick<Dialect, "bold" | "escape">,
	r: ReachReport,
): string[] {
	const platforms = r.byPlatform
		.map((p) => `${platformName[p.platform]} ${p.reachable}`)
		.join(", ");
	const lines = [
		`${d.bold("Reach:")} ${r.reachable} of ${r.people} people on the roster can be invited${platforms ? ` (${platforms})` : ""}.`,
	];
	const missing = r.unreachable.length;
	if (missing > 0)
		lines.push(
			`${missing} cannot be reached and will not be invited or counted: ${r.reasons
				.map((x) => `${x.count} ${reasonText[x.reason]}`)
				.join(", ")}.`,
		);
	for (const f of r.failures)
		lines.push(
			`${d.bold(`${platformName[f.platform]} could not be checked:`)} ${d.escape(f.message)}`,
		);
	return lines;
}

/** The unreachable people as CSV (`email,reason`), every field escaped for a spreadsheet. */
export function unreachableCsv(r: ReachReport): string {
	return [
		"email,reason",
		...r.unreachable.map((p) => `${csvField(p.email)},${csvField(p.reason)}`),
	]
		.map((line) => `${line}\r\n`)
		.join("");
}
