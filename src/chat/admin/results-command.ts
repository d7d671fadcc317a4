import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";

/** `results [campaign id]`: the latest (or that) closed campaign's report preview, with its post button. */
export async function resultsCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	campaignId: string | undefined,
): Promise<unknown> {
	const found = await deps.service.report(campaignId);
	if (!found)
		return replies.text(
			campaignId
				? `No closed campaign has the id ${d.escape(campaignId.slice(0, 80))}. ${d.code(d.command("results"))} shows the latest one.`
				: `No census has closed yet, so there are no results. Results exist only after ${d.code(d.command("close"))}.`,
		);
	return replies.preview({
		// plain text: a summary; each platform's replies escape or show it as plain text.
		summary: `${found.campaign.name}: results preview`,
		report: found.report,
		channel: found.campaign.channel,
		publishedOn: found.campaign.publishedOn,
	});
}
