import type { App } from "@slack/bolt";
import { englishOnly } from "../../text/languages.js";
import { slackDialect } from "../admin/dialect.js";
import { isCensusAdmin } from "../admin/is-census-admin.js";
import type { SlackDeps } from "./slack-deps.js";

/** A day, in seconds: how long a person who wrote to the bot goes without another hint. */
export const directMessageHintSeconds = 24 * 60 * 60;

/**
 * Someone who is not a census admin writes to the bot in its Messages tab (writable so that admins can share the
 * roster CSV there): they get one short sentence saying what the bot is, how to answer and whom to ask, at most once
 * a day (`deps.directMessageHints`). What they wrote is never read, logged, kept or repeated. Files (an upload),
 * edits, the bot's own messages and admins' messages get nothing.
 */
export function registerDirectMessageHint(app: App, deps: SlackDeps): void {
	const hints = deps.directMessageHints;
	if (!hints) return;
	const languages = deps.languages ?? englishOnly;
	app.event("message", async ({ event, client, context }) => {
		if (event.channel_type !== "im" || event.subtype !== undefined) return;
		const user = event.user;
		if (!user || user === context.botUserId || event.bot_id) return;
		try {
			const admin =
				(await isCensusAdmin(deps.admins, [user], () =>
					deps.store.emailForSlackUser(user),
				)) || (await deps.adminEmails?.isAdmin(user)) === true;
			if (admin || !(await hints.claim(user))) return;
			const campaign = await deps.service.currentCampaign();
			const person = campaign
				? await deps.store.findParticipantBySlackUser(campaign.id, user)
				: null;
			const t = languages.pick(person?.language);
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
				"answered a direct message with the hint",
			);
		} catch (err) {
			deps.logger.warn(
				{ platform: "slack", event: "direct-message-hint", err: err as Error },
				"could not answer a direct message with the hint",
			);
		}
	});
}
