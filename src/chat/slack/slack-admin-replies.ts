import type { RespondFn } from "@slack/bolt";
import type { AdminFile, AdminReplies } from "../admin/admin-replies.js";
import { escapeMrkdwn, statusBlocks } from "./blocks.js";
import { reportPreviewBlocks } from "./report-blocks.js";

/**
 * The admin replies as ephemeral Slack messages: mrkdwn text, status blocks, and the report preview blocks; files
 * go through `upload` (into the admin's direct message with the bot).
 */
export function slackAdminReplies(
	respond: RespondFn,
	upload: (file: AdminFile) => Promise<unknown>,
): AdminReplies {
	const reply = (t: string, blocks?: unknown[]) =>
		respond({
			response_type: "ephemeral",
			text: t,
			...(blocks ? { blocks: blocks as never } : {}),
		});
	return {
		text: (t) => reply(t),
		file: upload,
		status: (v) =>
			reply(escapeMrkdwn(v.summary), [
				...statusBlocks(v.campaign, v.rates, v.groups),
				{
					type: "context",
					elements: [
						{
							type: "mrkdwn",
							text: v.deliveries.join("\n") || "Nothing sent yet.",
						},
					],
				},
			]),
		preview: (v) =>
			reply(
				escapeMrkdwn(v.summary),
				reportPreviewBlocks(v.report, {
					channel: v.channel,
					publishedOn: v.publishedOn,
				}),
			),
	};
}
