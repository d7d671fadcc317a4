import type { TurnContext } from "botbuilder";
import { escapeTeamsMarkdown } from "../../text/escape-teams-markdown.js";
import type { AdminFile, AdminReplies } from "../admin/admin-replies.js";
import { teamsDialect } from "../admin/dialect.js";
import { type AdaptiveCard, cardAttachment } from "./cards/adaptive-card.js";
import { reportPreviewCard } from "./cards/report-card.js";
import { startFormCard } from "./cards/start-form-card.js";
import { channelStatusCard, statusCard } from "./cards/status-card.js";

const card = (c: AdaptiveCard) => ({
	type: "message",
	attachments: [cardAttachment(c)],
});

/** Rows of a file shown inline in a Teams message; the rest are counted (the CLI writes the whole file). */
const inlineRows = 200;

/** A bot cannot attach a plain file in Teams without asking consent first: the CSV is shown as a code block. */
function inlineFile(f: AdminFile): string {
	const lines = f.content
		.replace(/`/g, "'")
		.split(/\r?\n/)
		.filter((l) => l);
	const shown = lines.slice(0, inlineRows + 1);
	const rest = lines.length - shown.length;
	const more =
		rest > 0
			? f.command === "check"
				? `\n\n…and ${rest} more: ${teamsDialect.code("npm run roster -- check --csv FILE")} writes them all.`
				: `\n\n…and ${rest} more, not shown: a Teams message holds ${inlineRows}.`
			: "";
	return `${teamsDialect.bold(escapeTeamsMarkdown(f.title))} (${f.filename}):\n\n\`\`\`\n${shown.join("\n")}\n\`\`\`${more}`;
}

/**
 * The admin replies in the conversation the command came from: markdown text and Adaptive Cards. A channel has no
 * message only the admin sees, so there the report preview is not shown and `status` gives the organisation's
 * published rate only: for either, the admin is told to ask in personal chat.
 */
export function teamsAdminReplies(
	context: TurnContext,
	where: { personal: boolean },
): AdminReplies {
	return {
		...(where.personal
			? {}
			: {
					channel: {
						status: (v) => context.sendActivity(card(channelStatusCard(v))),
					},
				}),
		text: (t) => context.sendActivity(t),
		startForm: (form) => context.sendActivity(card(startFormCard(form))),
		file: (f) =>
			context.sendActivity(
				where.personal
					? inlineFile(f)
					: `The list is shown only in our personal chat: send ${teamsDialect.code(teamsDialect.command(f.command))} there.`,
			),
		status: (v) => context.sendActivity(card(statusCard(v))),
		preview: (v) =>
			where.personal
				? context.sendActivity(
						card(
							reportPreviewCard(v.report, {
								channel: v.channel,
								publishedOn: v.publishedOn,
							}),
						),
					)
				: context.sendActivity(
						`The results preview is shown only in our personal chat, so that nobody sees it before it is posted: send ${teamsDialect.code(teamsDialect.command("results"))} there.`,
					),
	};
}
