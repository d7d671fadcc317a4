import type {
	NotReached,
	NotReachedReason,
} from "../../domain/roster/not-reached.js";
import { csvField } from "../../text/csv-field.js";
import { text } from "../messages.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { reasonText } from "./reach-lines.js";

const reasonWords: Record<NotReachedReason, string> = {
	...reasonText,
	refused: "refused by the platform",
};

/**
 * `unreachable`: the people the open census could not reach (no invitation could be sent, or the platform refused
 * it), with reason codes, as a file for the admin only. Counts in the message, names only in the file. Never anyone
 * who received the invitation, so never a list of who has or has not answered.
 */
export async function unreachableCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
): Promise<unknown> {
	// A channel has no reply only the admin reads: not even the counts are said there.
	if (replies.channel)
		return replies.text(
			`The people the census could not reach are shown only in our personal chat: send ${d.code(d.command("unreachable"))} there.`,
		);
	const campaign = await deps.service.currentCampaign();
	if (!campaign)
		return replies.text(
			`${text.noCensus} ${d.code(d.command("check"))} lists who the census cannot reach.`,
		);
	const people = await deps.notReached(campaign.id);
	if (people.length === 0)
		return replies.text(
			`Nobody is known to be unreachable in ${d.bold(d.escape(campaign.name))}: every invitation was delivered or is still on its way.`,
		);
	await replies.text(
		`${d.bold(d.escape(campaign.name))} could not reach ${people.length} ${people.length === 1 ? "person" : "people"} on the roster: ${countsByReason(people)}. They are not counted in any rate. The list follows, for you only.`,
	);
	return replies.file({
		filename: "census-unreachable.csv",
		content: notReachedCsv(people),
		// plain text: a file's title is not read as markup (Slack), or is escaped where it is shown (Teams).
		title: `${people.length} people ${campaign.name} could not reach`,
		command: "unreachable",
	});
}

function countsByReason(people: readonly NotReached[]): string {
	const counts = new Map<NotReachedReason, number>();
	for (const p of people) counts.set(p.reason, (counts.get(p.reason) ?? 0) + 1);
	return [...counts]
		.sort((a, b) => b[1] - a[1])
		.map(([reason, n]) => `${n} ${reasonWords[reason]}`)
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
