import type { App } from "@slack/bolt";
import type { AdminFile } from "../admin/admin-replies.js";
import { uploadSlackFile } from "./upload-slack-file.js";

/** Uploads a file into the bot's direct message with the admin, where only they can download it. */
export async function uploadToAdmin(
	client: App["client"],
	userId: string,
	file: AdminFile,
): Promise<void> {
	const dm = await client.conversations.open({ users: userId });
	const channel = dm.channel?.id;
	if (!channel) throw new Error("conversations.open gave no channel");
	await uploadSlackFile(client, {
		channelId: channel,
		bytes: Buffer.from(file.content, "utf8"),
		filename: file.filename,
		// plain text: a file's title is not read as mrkdwn.
		title: file.title,
	});
}
