import type { CloseOutcome } from "../../jobs/close-through-tally.js";
import { plural } from "../../text/plural.js";
import { text } from "../messages.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";

/** `close`: the tally process closes the census and tallies; the admin sees the report preview (nothing is posted yet). */
export async function closeCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
): Promise<unknown> {
	const result = await deps.closeCensus();
	if (!result.ok) return replies.text(refusal(result, d));
	await replies.text(
		`${d.bold(d.escape(result.campaign.name))} is closed. ${plural(result.report.responded, "answer was", "answers were")} tallied, the encrypted answers deleted and the campaign key destroyed. Nothing has been posted yet: check the preview and post it to ${d.escape(result.campaign.channel)} when you are ready.`,
	);
	return replies.preview({
		// plain text: a summary; each platform's replies escape or show it as plain text.
		summary: `${result.campaign.name}: results preview`,
		report: result.report,
		channel: result.campaign.channel,
		publishedOn: null,
	});
}

function refusal(
	result: Extract<CloseOutcome, { ok: false }>,
	d: Dialect,
): string {
	switch (result.reason) {
		case "none-open":
			return `${text.noCensus} Nothing to close.`;
		case "key-unavailable":
			return `${d.bold(d.escape(result.campaign.name))} was not closed: the tally process cannot open its key (${d.escape(result.detail)}). The census stays open, answers are still accepted and nothing was decrypted. Start the tally process with the tally key file this campaign was sealed to, then run ${d.code(d.command("close"))} again.`;
		case "integrity":
			return `${d.bold(d.escape(result.campaign.name))} was not tallied: ${d.escape(result.detail)}. Answers have stopped and nothing was decrypted. The answer pool does not match who responded, which only a change to the database can cause: keep a copy of it and look into it before anything else.`;
		case "tally-not-responding":
			return `${d.bold(d.escape(result.campaign.name))} is waiting to be closed: no tally process answered within ${Math.round(result.waitedMs / 1000)} seconds. Only the process started with ${d.code("--role=tally")} (or ${d.code("--role=all")}) can close a census. It will close as soon as one runs; then ${d.code(d.command("results"))} shows the preview.`;
	}
}
