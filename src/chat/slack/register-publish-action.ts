import { randomBytes } from "node:crypto";
import type { App, BlockAction } from "@slack/bolt";
import { englishOnly } from "../../text/languages.js";
import { slackDialect } from "../admin/dialect.js";
import { adminHomeView } from "./admin-home.js";
import { escapeMrkdwn, ids } from "./blocks.js";
import { isAdmin } from "./is-admin.js";
import { loadAdminHome, publishReport } from "./publish-report.js";
import { reportPreviewBlocks } from "./report-blocks.js";
import type { SlackDeps } from "./slack-deps.js";

/** The report preview's Post button (admins only): posts the report and shows the preview as posted. */
export function registerPublishAction(app: App, deps: SlackDeps): void {
	app.action<BlockAction>(
		ids.publish,
		async ({ ack, body, client, respond }) => {
			await ack();
			const action = body.actions[0];
			const campaignId = action && "value" in action ? action.value : undefined;
			const languages = deps.languages ?? englishOnly;
			if (!(await isAdmin(deps, body.user.id))) {
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: languages.pick().t("result.notAdmin"),
				});
				return;
			}
			// The admin's language (the roster's, else their Slack locale), as their commands are answered in.
			const t = languages.pick(
				...(await deps.store.languagesOfUser({
					platform: "slack",
					id: body.user.id,
				})),
			);
			let outcome: Awaited<ReturnType<typeof publishReport>>;
			try {
				outcome = campaignId
					? await publishReport(deps, client, campaignId)
					: { ok: false, reason: "not-found" };
			} catch (err) {
				const ref = randomBytes(4).toString("hex");
				deps.logger.error(
					{ command: "publish", requestId: ref, err: err as Error },
					"posting the report failed",
				);
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: t.t("result.error", { ref }),
				});
				return;
			}
			if (!outcome.ok) {
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: t.t("publish.noReport", {
						command: slackDialect.code(slackDialect.command("results")),
					}),
				});
				return;
			}
			if (body.container?.type === "view") {
				await client.views.publish({
					user_id: body.user.id,
					view: adminHomeView(await loadAdminHome(deps), t),
				});
				return;
			}
			const found = await deps.service.report(campaignId);
			const posted = t.t("publish.posted", {
				channel: escapeMrkdwn(outcome.channel),
			});
			await respond({
				response_type: "ephemeral",
				replace_original: true,
				text: posted,
				...(found
					? {
							blocks: reportPreviewBlocks(
								found.report,
								{ channel: outcome.channel, publishedOn: outcome.publishedOn },
								t,
							),
						}
					: {}),
			});
		},
	);
}
