import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";

/** `results [campaign id]`: the latest (or that) closed campaign's report preview, with its post button. */
export async function resultsCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	campaignId: string | undefined,
	t: Translator = english,
): Promise<unknown> {
	const found = await deps.service.report(campaignId);
	if (!found)
		return replies.text(
			campaignId
				? t.t("admin.noSuchResults", {
						id: d.escape(campaignId.slice(0, 80)),
						command: d.code(d.command("results")),
					})
				: t.t("admin.noResultsYet", { command: d.code(d.command("close")) }),
		);
	return replies.preview({
		// plain text: a summary; each platform's replies escape or show it as plain text.
		summary: t.t("admin.previewSummary", { campaign: found.campaign.name }),
		report: found.report,
		channel: found.campaign.channel,
		publishedOn: found.campaign.publishedOn,
		t,
	});
}
