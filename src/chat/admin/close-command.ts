import type { CloseOutcome } from "../../jobs/close-through-tally.js";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";

/** `close`: the tally process closes the census and tallies; the admin sees the report preview (nothing is posted yet). */
export async function closeCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	const result = await deps.closeCensus();
	if (!result.ok) return replies.text(refusal(result, d, t));
	await replies.text(
		t.t("admin.closed", {
			campaign: d.bold(d.escape(result.campaign.name)),
			answers: result.report.responded,
			where: d.escape(result.campaign.channel),
		}),
	);
	return replies.preview({
		// plain text: a summary; each platform's replies escape or show it as plain text.
		summary: t.t("admin.previewSummary", { campaign: result.campaign.name }),
		report: result.report,
		channel: result.campaign.channel,
		publishedOn: null,
		t,
	});
}

function refusal(
	result: Extract<CloseOutcome, { ok: false }>,
	d: Dialect,
	t: Translator,
): string {
	if (result.reason === "none-open")
		return `${t.t("result.noCensus")} ${t.t("admin.nothingToClose")}`;
	const campaign = d.bold(d.escape(result.campaign.name));
	switch (result.reason) {
		case "key-unavailable":
			return t.t("admin.closeKeyUnavailable", {
				campaign,
				detail: d.escape(result.detail),
				command: d.code(d.command("close")),
			});
		case "integrity":
			return t.t("admin.closeIntegrity", {
				campaign,
				detail: d.escape(result.detail),
			});
		case "tally-not-responding":
			return t.t("admin.closeWaiting", {
				campaign,
				seconds: Math.round(result.waitedMs / 1000),
				tally: d.code("--role=tally"),
				all: d.code("--role=all"),
				results: d.code(d.command("results")),
			});
	}
}
