import type { Campaign } from "../domain/ports.js";
import { formatClosingDay } from "../text/format-date.js";
import type { Dialect } from "./admin/dialect.js";
import { invitationText } from "./messages.js";

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
 * The invitation's wording in dialect `d`. Everything the organisation typed (who runs it, the contact, the
 * leader's message) is escaped for `d` here, at the point of rendering; the rest is our own wording.
 */
export function invitationMessage(
	campaign: Campaign,
	d: Dialect,
): InvitationMessage {
	const { runBy, contact, message, privacyUrl } = campaign.organiser;
	const paragraphs: string[] = [];
	if (runBy !== null)
		paragraphs.push(
			`${d.bold(d.escape(runBy))} is running this census and asks you to take part.`,
		);
	if (message !== null) paragraphs.push(`\u201c${d.escape(message)}\u201d`);
	paragraphs.push(
		invitationText.why,
		`${d.bold("Who sees what.")} ${invitationText.who(campaign.minCellSize)}`,
		`${d.bold("How it is protected.")} ${invitationText.how}`,
		`${d.bold("How the results are used.")} ${invitationText.use}`,
	);
	const ask =
		contact !== null
			? ` Questions? Ask ${d.escape(contact)}.`
			: runBy !== null
				? ` Questions? Ask ${d.escape(runBy)}.`
				: "";
	return {
		title: invitationText.title,
		paragraphs,
		footer: `${invitationText.voluntary} Open until ${formatClosingDay(campaign.closesOn)}.${ask}`,
		privacyUrl,
	};
}
