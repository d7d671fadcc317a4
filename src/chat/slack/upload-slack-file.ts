import type { WebClient } from "@slack/web-api";

/** A file to share in a Slack conversation. */
export type SlackFileUpload = {
	bytes: Buffer;
	filename: string;
	/** Plain text: a file's title is not read as mrkdwn. */
	title: string;
	/** The image's description for screen readers (at most 1,000 characters). */
	altText?: string;
	channelId: string;
	threadTs?: string;
};

/**
 * Shares a file through Slack's external upload flow: `files.getUploadURLExternal`, the bytes posted to the URL it
 * gives, then `files.completeUploadExternal` into the conversation. Written out rather than `filesUploadV2` because
 * Slack documents the image description as `alt_txt`, and the SDK sends it as `alt_text`.
 */
export async function uploadSlackFile(
	client: WebClient,
	file: SlackFileUpload,
): Promise<void> {
	const asked = (await client.apiCall("files.getUploadURLExternal", {
		filename: file.filename,
		length: file.bytes.length,
		...(file.altText ? { alt_txt: file.altText.slice(0, 1000) } : {}),
	})) as { upload_url?: string; file_id?: string };
	if (!asked.upload_url || !asked.file_id)
		throw new Error("files.getUploadURLExternal gave no upload URL");
	const sent = await fetch(asked.upload_url, {
		method: "POST",
		body: new Uint8Array(file.bytes),
		headers: { "content-type": "application/octet-stream" },
	});
	if (!sent.ok)
		throw new Error(`the file upload was refused (HTTP ${sent.status})`);
	await client.files.completeUploadExternal({
		files: [{ id: asked.file_id, title: file.title }],
		channel_id: file.channelId,
		...(file.threadTs ? { thread_ts: file.threadTs } : {}),
	});
}
