import { english } from "../../text/translator.js";
import type { AdminFile, AdminReplies } from "../admin/admin-replies.js";
import type { StartForm } from "../admin/start-form.js";
import { escapeMrkdwn, statusBlocks } from "./blocks.js";
import { reportPreviewBlocks } from "./report-blocks.js";

/** A Slack message: mrkdwn text and, for the rich replies, blocks. */
export type SlackReply = { text: string; blocks?: unknown[] };

/**
 * The admin replies as Slack messages (`send`: ephemeral to a command, or in the admin's direct message with the
 * bot): mrkdwn text, status blocks, and the report preview blocks; files go through `upload` (into that direct
 * message); the start form through `startForm`, when the reply can open a modal.
 */
export function slackAdminReplies(
	send: (reply: SlackReply) => Promise<unknown>,
	upload: (file: AdminFile) => Promise<unknown>,
	startForm?: (form: StartForm) => Promise<unknown>,
): AdminReplies {
	const reply = (t: string, blocks?: unknown[]) =>
		send({ text: t, ...(blocks ? { blocks } : {}) });
	return {
		text: (t) => reply(t),
		file: upload,
		...(startForm ? { startForm } : {}),
		status: (v) =>
			reply(escapeMrkdwn(v.summary), [
				...statusBlocks(v.campaign, v.rates, v.groups, v.t),
				{
					type: "context",
					elements: [
						{
							type: "mrkdwn",
							text:
								v.deliveries.join("\n") ||
								(v.t ?? english).t("status.nothingSent"),
						},
					],
				},
			]),
		preview: (v) =>
			reply(
				escapeMrkdwn(v.summary),
				reportPreviewBlocks(
					v.report,
					{ channel: v.channel, publishedOn: v.publishedOn },
					v.t,
				),
			),
	};
}
