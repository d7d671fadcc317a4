import type { TurnContext } from "botbuilder";
import type { AdminReplies } from "../admin/admin-replies.js";
import { teamsDialect } from "../admin/dialect.js";
import { type AdaptiveCard, cardAttachment } from "./cards/adaptive-card.js";
import { reportPreviewCard } from "./cards/report-card.js";
import { channelStatusCard, statusCard } from "./cards/status-card.js";

const card = (c: AdaptiveCard) => ({
	type: "message",
	attachments: [cardAttachment(c)],
});

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
