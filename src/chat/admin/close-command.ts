import { text } from "../messages.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";

/** `close`: closes the census, tallies, and shows the admin the report preview (nothing is posted yet). */
export async function closeCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
): Promise<unknown> {
	const result = await deps.service.close();
	if (!result.ok) return replies.text(`${text.noCensus} Nothing to close.`);
	await replies.text(
		`${d.bold(d.escape(result.campaign.name))} is closed. ${result.report.responded} answers were tallied, the encrypted answers deleted and the campaign key destroyed. Nothing has been posted yet: check the preview and post it to ${d.escape(result.campaign.channel)} when you are ready.`,
	);
	return replies.preview({
		// plain text: a summary; each platform's replies escape or show it as plain text.
		summary: `${result.campaign.name}: results preview`,
		report: result.report,
		channel: result.campaign.channel,
		publishedOn: null,
	});
}
