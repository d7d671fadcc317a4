import type {
	FakeUploadedFile,
	SlackMethodHandler,
	SlackResult,
} from "./fake-slack-types.js";

const fail = (error: string): SlackResult => ({ ok: false, error });
const str = (value: unknown): string | undefined =>
	typeof value === "string"
		? value
		: typeof value === "number"
			? String(value)
			: undefined;

/** `files.getUploadURLExternal`, `files.completeUploadExternal` and `files.info` for the fake workspace. */
export const fileMethods: Record<string, SlackMethodHandler> = {
	"files.info": (p, ws) => {
		const file = ws.userFiles.get(str(p.file) ?? "");
		if (!file) return fail("file_not_found");
		const base = `${ws.baseUrl}/files-pri/${ws.teamId}-${file.id}`;
		const name = encodeURIComponent(file.name);
		return {
			ok: true,
			file: {
				id: file.id,
				name: file.name,
				title: file.name,
				mimetype: file.mimetype,
				filetype: file.name.split(".").pop()?.toLowerCase() ?? "",
				size: file.reportedSize ?? file.bytes.length,
				user: file.user,
				channels: [file.channelId],
				url_private: `${base}/${name}`,
				url_private_download: `${base}/download/${name}`,
			},
		};
	},
	"files.getUploadURLExternal": (p, ws) => {
		const filename = str(p.filename);
		const length = Number(p.length);
		if (!filename || !Number.isInteger(length) || length < 0)
			return fail("invalid_arguments");
		const id = ws.nextId("F");
		// Slack documents the image description as `alt_txt` (at most 1,000 characters); the Node SDK's
		// `filesUploadV2` sends `alt_text`, which the documented method does not take: only `alt_txt` is kept.
		const altText = str(p.alt_txt);
		if (altText !== undefined && altText.length > 1000)
			return fail("alt_txt_too_large");
		ws.files.set(id, {
			id,
			filename,
			title: undefined,
			...(altText !== undefined ? { altText } : {}),
			bytes: undefined,
			completed: false,
		});
		return { ok: true, upload_url: `${ws.baseUrl}/upload/${id}`, file_id: id };
	},
	"files.completeUploadExternal": (p, ws) => {
		if (!Array.isArray(p.files) || p.files.length === 0)
			return fail("invalid_arguments");
		const entries = p.files as { id?: unknown; title?: unknown }[];
		const found: FakeUploadedFile[] = [];
		for (const entry of entries) {
			const file = ws.files.get(str(entry?.id) ?? "");
			if (!file?.bytes) return fail("file_not_found");
			found.push(file);
		}
		const channelId = str(p.channel_id) ?? str(p.channels);
		const files = found.map((file, i) => {
			file.title = str(entries[i]?.title) ?? file.filename;
			file.completed = true;
			if (channelId) file.channelId = ws.resolveChannel(channelId);
			if (str(p.initial_comment)) file.initialComment = str(p.initial_comment);
			if (str(p.thread_ts)) file.threadTs = str(p.thread_ts);
			return {
				id: file.id,
				title: file.title,
				name: file.filename,
				size: file.bytes?.length ?? 0,
				user: ws.botUserId,
				created: Math.floor(ws.now() / 1000),
				...(file.channelId ? { channels: [file.channelId] } : {}),
			};
		});
		return { ok: true, files };
	},
};
