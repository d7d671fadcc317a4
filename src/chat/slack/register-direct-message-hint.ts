import type { App } from "@slack/bolt";
import { englishOnly } from "../../text/languages.js";
import { slackDialect } from "../admin/dialect.js";
import { isCensusAdmin } from "../admin/is-census-admin.js";
import type { SlackDeps } from "./slack-deps.js";

/** A week, in seconds: how long a person who opened the bot's Messages tab goes without another hint. */
export const directMessageHintSeconds = 7 * 24 * 60 * 60;

/**
 * Someone who is not a census admin opens the bot's Messages tab (writable so that admins can share the roster CSV
 * there): they get one short sentence saying what the bot is, that it cannot read what is typed there, how to
 * answer and whom to ask, at most once a week (`deps.directMessageHints`). Told by `app_home_opened` (tab
 * `messages`), which needs no history scope: the bot is never sent what anyone types to it.
 */
export function registerDirectMessageHint(app: App, deps: SlackDeps): void {
	const hints = deps.directMessageHints;
	if (!hints) return;
	const languages = deps.languages ?? englishOnly;
	app.event("app_home_opened", async ({ event, client }) => {
		if (event.tab !== "messages" || !event.channel) return;
		const user = event.user;
		try {
			const admin =
				(await isCensusAdmin(deps.admins, [user], () =>
					deps.store.emailForUser({ platform: "slack", id: user }),
				)) || (await deps.adminEmails?.isAdmin(user)) === true;
			if (admin || !(await hints.claim(user))) return;
			const campaign = await deps.service.currentCampaign();
			const person = campaign
				? await deps.store.findParticipantByUser(campaign.id, {
						platform: "slack",
						id: user,
					})
				: null;
			const t = languages.pick(person?.language, person?.platformLocale);
			const who = campaign
				? (campaign.organiser.contact ?? campaign.organiser.runBy)
				: null;
			await client.chat.postMessage({
				channel: event.channel,
				text:
					who === null
						? t.t("dm.hint")
						: t.t("dm.hintAsk", { who: slackDialect.escape(who) }),
			});
			deps.logger.info(
				{ platform: "slack", event: "direct-message-hint" },
				"told a person opening the Messages tab what the bot is",
			);
		} catch (err) {
			deps.logger.warn(
				{ platform: "slack", event: "direct-message-hint", err: err as Error },
				"could not post the Messages tab hint",
			);
		}
	});
}
