import type { NotReachedReason } from "../../domain/roster/not-reached.js";
import type { ReachReport } from "../../domain/roster/resolve-reach.js";
import { csvField } from "../../text/csv-field.js";
import type { MessageKey } from "../../text/message-catalogue.js";
import { english, type Translator } from "../../text/translator.js";
import type { Dialect } from "./dialect.js";
import { directoryFailureText } from "./directory-failure-text.js";

/** How each reason reads to an admin, after a count. */
export const reasonKeys: Record<NotReachedReason, MessageKey> = {
	not_found: "admin.reason.notFound",
	deactivated: "admin.reason.deactivated",
	guest: "admin.reason.guest",
	bot: "admin.reason.bot",
	app_not_installable: "admin.reason.appNotInstallable",
	app_not_installed: "admin.reason.appNotInstalled",
	no_platform: "admin.reason.noPlatform",
	refused: "admin.reason.refused",
};

const platformName = { slack: "Slack", teams: "Teams" } as const;

/**
 * The reach in a few sentences: how many can be invited, on each platform, and how many cannot and why (counts only:
 * the names go in the CSV). Directory failures are said, so a missing scope is fixed rather than guessed at.
 */
export function reachLines(
	d: Pick<Dialect, "bold" | "escape">,
	r: ReachReport,
	t: Translator = english,
): string[] {
	const platforms = r.byPlatform
		.map((p) => `${platformName[p.platform]} ${p.reachable}`)
		.join(", ");
	const lines = [
		`${d.bold(t.t("admin.reach.label"))} ${t.t("admin.reach.summary", {
			reachable: r.reachable,
			people: r.people,
			platforms: platforms ? ` (${platforms})` : "",
		})}`,
	];
	const missing = r.unreachable.length;
	if (missing > 0)
		lines.push(
			t.t("admin.reach.missing", {
				n: missing,
				reasons: r.reasons
					.map((x) => `${x.count} ${t.t(reasonKeys[x.reason])}`)
					.join(", "),
			}),
		);
	for (const f of r.failures)
		lines.push(
			`${d.bold(t.t("admin.reach.failedLabel", { service: platformName[f.platform] }))} ${f.failure ? directoryFailureText(f.failure, t, d.escape) : d.escape(f.message)}`,
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
