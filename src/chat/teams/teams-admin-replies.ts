import type { Activity } from "botbuilder";
import { escapeTeamsMarkdown } from "../../text/escape-teams-markdown.js";
import { english } from "../../text/translator.js";
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

/** Sends one message into the conversation the command came from: within its turn, or proactively after it. */
export type TeamsSend = (
	activity: string | Partial<Activity>,
) => Promise<unknown>;

/**
 * The admin replies in the conversation the command came from: markdown text and Adaptive Cards. A channel has no
 * message only the admin sees, so there the report preview is not shown and `status` gives the organisation's
 * published rate only: for either, the admin is told to ask in personal chat.
 */
export function teamsAdminReplies(
	send: TeamsSend,
	where: { personal: boolean },
): AdminReplies {
	return {
		...(where.personal
			? {}
			: {
					channel: {
						status: (v) => send(card(channelStatusCard(v))),
					},
				}),
		text: (t) => send(t),
		startForm: (form) => send(card(startFormCard(form))),
		file: (f) =>
			send(
				where.personal
					? inlineFile(f)
					: (f.t ?? english).t("teams.fileChannelOnly", {
							command: teamsDialect.code(teamsDialect.command(f.command)),
						}),
			),
		status: (v) => send(card(statusCard(v))),
		preview: (v) =>
			where.personal
				? send(
						card(
							reportPreviewCard(
								v.report,
								{ channel: v.channel, publishedOn: v.publishedOn },
								v.t,
							),
						),
					)
				: send(
						(v.t ?? english).t("teams.previewChannelOnly", {
							command: teamsDialect.code(teamsDialect.command("results")),
						}),
					),
	};
}
