import { randomBytes } from "node:crypto";
import type { App, BlockAction, ViewSubmitAction } from "@slack/bolt";
import { englishOnly } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import type { AdminReplies } from "../admin/admin-replies.js";
import { slackDialect } from "../admin/dialect.js";
import { startCampaign } from "../admin/start-command.js";
import { readStartForm } from "../admin/start-form.js";
import { ids, messageModal } from "./blocks.js";
import { isAdmin } from "./is-admin.js";
import { slackAdminReplies } from "./slack-admin-replies.js";
import type { SlackDeps } from "./slack-deps.js";
import { startErrors, startModal, startValuesOf } from "./start-modal.js";
import { uploadToAdmin } from "./upload-to-admin.js";

/**
 * The start form's submission and its "Update preview" button (admins only, checked again on each). A valid
 * submission closes the modal and starts the census exactly as `/census start …` does, replying in the admin's
 * direct message with the bot (a modal has nowhere else to reply); an invalid one keeps the modal open with each
 * problem under its input. All of it in the admin's language (their roster language, else their Slack locale, else the default).
 */
export function registerStartForm(app: App, deps: SlackDeps): void {
	const languages = deps.languages ?? englishOnly;
	const adminLanguage = async (userId: string): Promise<Translator> =>
		languages.pick(
			...(await deps.store.languagesOfUser({ platform: "slack", id: userId })),
		);
	app.view<ViewSubmitAction>(
		ids.startModal,
		async ({ ack, body, view, client }) => {
			const userId = body.user.id;
			if (!(await isAdmin(deps, userId))) {
				const t = languages.pick();
				await ack({
					response_action: "update",
					view: messageModal(t.t("startForm.title"), t.t("result.notAdmin"), t),
				});
				return;
			}
			const t = await adminLanguage(userId);
			const reading = readStartForm(deps, startValuesOf(view.state.values), {
				userId,
				t,
			});
			if (!reading.ok) {
				await ack({
					response_action: "errors",
					errors: startErrors(reading.form),
				});
				return;
			}
			await ack();
			const replies = directMessageReplies(client, userId);
			try {
				await startCampaign(deps, slackDialect, replies, reading.args, {
					userId,
					t,
				});
			} catch (err) {
				const ref = randomBytes(4).toString("hex");
				deps.logger.error(
					{ command: "start", requestId: ref, err: err as Error },
					"census command failed",
				);
				await replies
					.text(t.t("result.error", { ref }))
					.catch((sendErr: unknown) =>
						deps.logger.warn(
							{ requestId: ref, err: sendErr as Error },
							"error reply failed",
						),
					);
			}
		},
	);

	app.action<BlockAction>(ids.startPreview, async ({ ack, body, client }) => {
		await ack();
		const view = body.view;
		if (!view || !(await isAdmin(deps, body.user.id))) return;
		const reading = readStartForm(deps, startValuesOf(view.state?.values), {
			userId: body.user.id,
			t: await adminLanguage(body.user.id),
		});
		await client.views.update({
			view_id: view.id,
			hash: view.hash,
			view: startModal(reading.form),
		});
	});
}

/** The admin replies as messages in the admin's direct message with the bot. */
function directMessageReplies(
	client: App["client"],
	userId: string,
): AdminReplies {
	let channel: Promise<string> | undefined;
	const dm = () => {
		channel ??= client.conversations.open({ users: userId }).then((r) => {
			if (!r.channel?.id) throw new Error("conversations.open gave no channel");
			return r.channel.id;
		});
		return channel;
	};
	return slackAdminReplies(
		async (reply) =>
			client.chat.postMessage({
				channel: await dm(),
				text: reply.text,
				...(reply.blocks ? { blocks: reply.blocks as never } : {}),
			}),
		(file) => uploadToAdmin(client, userId, file),
	);
}
