import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { reachLines, unreachableCsv } from "./reach-lines.js";

/**
 * `check`: resolves the roster against every configured platform (nothing is sent) and says how many people each
 * reaches and how many none does and why; the unreachable themselves come as a CSV file for the admin only.
 */
export async function checkCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	const report = await deps.checkReach();
	if (report.people === 0)
		return replies.text(
			t.t("admin.check.empty", {
				command: d.code("npm run roster -- import FILE.csv"),
			}),
		);
	const lines = reachLines(d, report, t);
	if (report.unreachable.length === 0) return replies.text(lines.join("\n"));
	await replies.text(lines.join("\n"));
	return replies.file({
		t,
		filename: "census-unreachable.csv",
		content: unreachableCsv(report),
		title: t.t("admin.check.fileTitle", { n: report.unreachable.length }),
		command: "check",
	});
}
