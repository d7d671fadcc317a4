import type { Campaign } from "../../../domain/ports.js";
import type { Translator } from "../../../text/translator.js";
import { teamsDialect } from "../../admin/dialect.js";
import {
	type InvitationMessage,
	invitationMessage,
} from "../../invitation-message.js";
import { trustStatement } from "../../messages.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	type CardElement,
	execute,
	heading,
	textBlock,
	verbs,
} from "./adaptive-card.js";

/** The invitation's and reminders' buttons: Answer, Don't remind me, and the trust statement shown in place. */
export function answerActions(
	campaign: Campaign,
	t: Translator,
	opts: { optOut: boolean } = { optOut: true },
): CardElement[] {
	const data = { campaignId: campaign.id };
	return [
		execute(t.t("button.answer"), verbs.answer, data, "positive"),
		...(opts.optOut ? [execute(t.t("button.optOut"), verbs.optOut, data)] : []),
		{
			type: "Action.ShowCard",
			title: t.t("button.trust"),
			card: {
				type: "AdaptiveCard",
				body: trustStatement(t, teamsDialect, campaign.minCellSize).map((p) =>
					textBlock(p),
				),
			},
		},
	];
}

/** The invitation's words without its buttons: the title, the paragraphs and the footer. */
export function invitationBody(m: InvitationMessage): CardElement[] {
	return [
		heading(m.title),
		...m.paragraphs.map((p) => textBlock(p)),
		textBlock(m.footer, { isSubtle: true, size: "Small" }),
	];
}

/** The invitation: who runs it, why we ask, who sees what, how it is protected, and the buttons. */
export function invitationCard(
	campaign: Campaign,
	t: Translator,
): AdaptiveCard {
	const m = invitationMessage(campaign, teamsDialect, t);
	return adaptiveCard(
		invitationBody(m),
		[
			...answerActions(campaign, t),
			...(m.privacyUrl === null
				? []
				: [
						{
							type: "Action.OpenUrl",
							title: t.t("button.privacyNotice"),
							url: m.privacyUrl,
						},
					]),
		],
		m.title,
	);
}
