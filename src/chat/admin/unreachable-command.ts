import type {
	NotReached,
	NotReachedReason,
} from "../../domain/roster/not-reached.js";
import { csvField } from "../../text/csv-field.js";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { reasonKeys } from "./reach-lines.js";

/**
 * `unreachable`: the people the open census could not reach (no invitation could be sent, or the platform refused
 * it), with reason codes, as a file for the admin only. Counts in the message, names only in the file. Never anyone
 * who received the invitation, so never a list of who has or has not answered.
 */
export async function unreachableCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	t: Translator = english,
): Promise<unknown> {
	// A channel has no reply only the admin reads: not even the counts are said there.
	if (replies.channel)
		return replies.text(
			t.t("admin.unreachable.channelOnly", {
				command: d.code(d.command("unreachable")),
			}),
		);
	const campaign = await deps.service.currentCampaign();
	if (!campaign)
		return replies.text(
			`${t.t("result.noCensus")} ${t.t("admin.unreachable.checkLists", { command: d.code(d.command("check")) })}`,
		);
	const people = await deps.notReached(campaign.id);
	const bold = d.bold(d.escape(campaign.name));
	if (people.length === 0)
		return replies.text(t.t("admin.unreachable.nobody", { campaign: bold }));
	await replies.text(
		t.t("admin.unreachable.some", {
			campaign: bold,
			n: people.length,
			reasons: countsByReason(people, t),
		}),
	);
	return replies.file({
		t,
		filename: "census-unreachable.csv",
		content: notReachedCsv(people),
		// plain text: a file's title is not read as markup (Slack), or is escaped where it is shown (Teams).
		title: t.t("admin.unreachable.fileTitle", {
			n: people.length,
			campaign: campaign.name,
		}),
		command: "unreachable",
	});
}

function countsByReason(people: readonly NotReached[], t: Translator): string {
	const counts = new Map<NotReachedReason, number>();
	for (const p of people) counts.set(p.reason, (counts.get(p.reason) ?? 0) + 1);
	return [...counts]
		.sort((a, b) => b[1] - a[1])
		.map(([reason, n]) => `${n} ${t.t(reasonKeys[reason])}`)
		.join(", ");
}

/** `email,reason,invitation`, every field escaped for a spreadsheet. */
export function notReachedCsv(people: readonly NotReached[]): string {
	return [
		"email,reason,invitation",
		...people.map(
			(p) =>
				`${csvField(p.email)},${csvField(p.reason)},${csvField(p.invitation)}`,
		),
	]
		.map((line) => `${line}\r\n`)
		.join("");
}
