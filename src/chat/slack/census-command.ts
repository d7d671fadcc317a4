import { randomBytes } from "node:crypto";
import type { App } from "@slack/bolt";
import { englishOnly } from "../../text/languages.js";
import { slackDialect } from "../admin/dialect.js";
import { runAdminCommand } from "../admin/run-admin-command.js";
import { isAdmin } from "./is-admin.js";
import { openStartModal } from "./open-start-modal.js";
import { slackAdminReplies } from "./slack-admin-replies.js";
import type { SlackDeps } from "./slack-deps.js";
import { uploadToAdmin } from "./upload-to-admin.js";

/** Registers `/census help|check|start|status|unreachable|remind|nudge|resend-unknown|close|results`; every reply is ephemeral to the admin. */
export function registerCensusCommand(app: App, deps: SlackDeps): void {
	app.command("/census", async ({ command, ack, respond, client }) => {
		await ack();
		const replies = slackAdminReplies(
			(reply) =>
				respond({
					response_type: "ephemeral",
					text: reply.text,
					...(reply.blocks ? { blocks: reply.blocks as never } : {}),
				}),
			(file) => uploadToAdmin(client, command.user_id, file),
			(form) =>
				openStartModal(client, command.trigger_id, form, (t) =>
					respond({ response_type: "ephemeral", text: t }),
				),
		);
		const [sub = "help", ...rest] = command.text.trim().split(/\s+/);
		const languages = deps.languages ?? englishOnly;
		// Until the admin is known, the default; then their roster language, else their Slack locale (recorded by the
		// reach check's users.list, so no users.info call per command).
		let t = languages.pick();
		const subcommand = sub.toLowerCase();
		try {
			if (!(await isAdmin(deps, command.user_id)))
				return void (await replies.text(t.t("result.notAdmin")));
			t = languages.pick(
				...(await deps.store.languagesOfUser({
					platform: "slack",
					id: command.user_id,
				})),
			);
			await runAdminCommand(
				deps,
				slackDialect,
				replies,
				{ subcommand: sub, args: rest.join(" ") },
				{ userId: command.user_id, t },
			);
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			deps.logger.error(
				{ command: subcommand, requestId: ref, err },
				"census command failed",
			);
			await replies.text(t.t("result.error", { ref }));
		}
	});
}
