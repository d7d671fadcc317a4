import { randomBytes } from "node:crypto";
import type { App, BlockAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import { z } from "zod";
import { englishOnly } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import {
	confirmRosterUpload,
	type RosterUploadOutcome,
	receiveRosterUpload,
} from "../admin/roster-upload.js";
import { downloadFile } from "../download-file.js";
import { chunkedSections, ids } from "./blocks.js";
import { isAdmin } from "./is-admin.js";
import type { SlackDeps } from "./slack-deps.js";

/** The part of `files.info`'s file we depend on. */
const fileInfoSchema = z.object({
	name: z.string().nullish(),
	title: z.string().nullish(),
	size: z.number().nullish(),
	url_private_download: z.string().nullish(),
	url_private: z.string().nullish(),
});

/** A reply's lines as sections within Slack's limits. */
function sections(reply: string, t: Translator): KnownBlock[] {
	return chunkedSections(reply.split("\n"), {
		maxChunks: 10,
		more: (left) => t.t("roster.moreLines", { n: left }),
		empty: reply,
	});
}

/** The dry run's reply: the summary, and for a valid file the Import button carrying the upload's id. */
function outcomeBlocks(
	outcome: RosterUploadOutcome,
	t: Translator,
): KnownBlock[] {
	if (outcome.kind === "refused") return sections(outcome.text, t);
	return [
		...sections(outcome.text, t),
		{
			type: "actions",
			elements: [
				{
					type: "button",
					action_id: ids.rosterImport,
					style: "primary",
					text: {
						type: "plain_text",
						text: t.t("roster.importButton", { n: outcome.rows }),
					},
					value: outcome.uploadId,
				},
			],
		},
	];
}

/**
 * A roster CSV an admin shares in their direct message with the bot (`file_shared`, scope `files:read`; the bot has no
 * history scope, so it is not sent the message the file came with): `files.info` gives its name, size and private URL, fetched
 * with the bot token. The reply is the command line's dry run with an Import button; the button imports exactly
 * the file checked, once. Anyone else's file is refused before it is looked at.
 */
export function registerRosterUpload(app: App, deps: SlackDeps): void {
	app.event("file_shared", async ({ event, client, context }) => {
		// Only the bot's own direct messages, and never the files the bot itself shares there (the check's CSV).
		if (
			!event.channel_id.startsWith("D") ||
			event.user_id === context.botUserId
		)
			return;
		const reply = (t: string, blocks?: KnownBlock[]) =>
			client.chat.postMessage({
				channel: event.channel_id,
				text: t,
				...(blocks ? { blocks } : {}),
			});
		const languages = deps.languages ?? englishOnly;
		let t = languages.pick();
		try {
			if (!(await isAdmin(deps, event.user_id)))
				return void (await reply(t.t("result.uploadNotAdmin")));
			// The admin's language (the roster's, else their Slack locale), as their commands are answered in.
			t = languages.pick(
				...(await deps.store.languagesOfUser({
					platform: "slack",
					id: event.user_id,
				})),
			);
			const info = await client.files.info({ file: event.file_id });
			const file = fileInfoSchema.parse(info.file ?? {});
			const url = file.url_private_download ?? file.url_private;
			const token = context.botToken ?? client.token ?? "";
			const outcome = await receiveRosterUpload(
				deps.rosterUpload,
				slackDialect,
				event.user_id,
				{
					name: file.name ?? file.title ?? t.t("rosterUpload.theFile"),
					size: file.size ?? null,
					download: async (maxBytes) =>
						url
							? downloadFile(url, {
									maxBytes,
									headers: { Authorization: `Bearer ${token}` },
								})
							: { ok: false, reason: "failed", status: null },
				},
				t,
			);
			deps.logger.info(
				{ platform: "slack", event: "roster-upload", kind: outcome.kind },
				"roster upload checked",
			);
			await reply(outcome.text, outcomeBlocks(outcome, t));
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			deps.logger.error(
				{ command: "roster-upload", requestId: ref, err: err as Error },
				"roster upload failed",
			);
			await reply(t.t("result.error", { ref })).catch(() => undefined);
		}
	});

	app.action<BlockAction>(ids.rosterImport, async ({ ack, body, respond }) => {
		await ack();
		const action = body.actions[0];
		const uploadId = action && "value" in action ? (action.value ?? "") : "";
		const languages = deps.languages ?? englishOnly;
		let t = languages.pick();
		try {
			if (!(await isAdmin(deps, body.user.id)))
				return void (await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: t.t("result.notAdmin"),
				}));
			t = languages.pick(
				...(await deps.store.languagesOfUser({
					platform: "slack",
					id: body.user.id,
				})),
			);
			const outcome = await confirmRosterUpload(
				deps.rosterUpload,
				slackDialect,
				body.user.id,
				uploadId,
				t,
			);
			deps.logger.info(
				{
					platform: "slack",
					event: "roster-import",
					kind: outcome.imported ? "imported" : "not-imported",
				},
				"roster upload confirmed",
			);
			// The dry run with its button becomes the outcome, so the button cannot be pressed again.
			await respond({
				replace_original: true,
				text: outcome.text,
				blocks: sections(outcome.text, t),
			});
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			deps.logger.error(
				{ command: "roster-import", requestId: ref, err: err as Error },
				"roster import failed",
			);
			await respond({
				response_type: "ephemeral",
				replace_original: false,
				text: t.t("result.error", { ref }),
			});
		}
	});
}
