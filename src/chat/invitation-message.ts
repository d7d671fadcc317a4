import type { Campaign } from "../domain/ports.js";
import type { Translator } from "../text/translator.js";
import type { Dialect } from "./admin/dialect.js";

/** The invitation, platform-neutral: its title (plain text), paragraphs and footer in dialect `d`, and its link. */
export type InvitationMessage = {
	title: string;
	/** Who runs the census and a leader's message, when given; then why, who sees what, how it is protected. */
	paragraphs: string[];
	/** Voluntary, open until when, and whom to ask. */
	footer: string;
	/** The privacy notice, for a link button; null when none was given. */
	privacyUrl: string | null;
};

/**
 * The invitation's wording in dialect `d` and the reader's language `t`. Everything the organisation typed (who
 * runs it, the contact, the leader's message) is escaped for `d` here, at the point of rendering; the rest is our
 * own wording, from the message catalogue.
 */
export function invitationMessage(
	campaign: Campaign,
	d: Dialect,
	t: Translator,
): InvitationMessage {
	const { runBy, contact, message, privacyUrl } = campaign.organiser;
	const paragraphs: string[] = [];
	if (runBy !== null)
		paragraphs.push(
			t.t("invitation.runBy", { runBy: d.bold(d.escape(runBy)) }),
		);
	if (message !== null)
		paragraphs.push(
			t.t("invitation.leaderMessage", { message: d.escape(message) }),
		);
	paragraphs.push(
		t.t("invitation.why"),
		`${d.bold(t.t("invitation.whoHeading"))} ${t.t("invitation.who", { k: String(campaign.minCellSize) })}`,
		`${d.bold(t.t("invitation.howHeading"))} ${t.t("invitation.how")}`,
		`${d.bold(t.t("invitation.useHeading"))} ${t.t("invitation.use")}`,
	);
	const whom = contact ?? runBy;
	const ask =
		whom !== null
			? ` ${t.t("invitation.ask", { contact: d.escape(whom) })}`
			: "";
	return {
		title: t.t("invitation.title"),
		paragraphs,
		footer: `${t.t("invitation.voluntary")} ${t.t("invitation.openUntil", { until: t.closingDay(campaign.closesOn) })}${ask}`,
		privacyUrl,
	};
}
