import { cleanText } from "../text/clean-text.js";
import { formatDate } from "../text/format-date.js";
import { plural } from "../text/plural.js";

/** A campaign as `npm run report` lists it. */
export type ListedCampaign = {
	id: string;
	name: string;
	status: string;
	/** When it was started (created), and when it opened, closed and was first posted, if it did. */
	createdAt: Date;
	closesOn: string;
	closedAt: Date | null;
	publishedOn: string | null;
};

const day = (d: Date) => formatDate(d.toISOString().slice(0, 10));

/** What happened to a campaign and when, in words: "started 1 December 2026, closed 14 December 2026, posted …". */
function history(c: ListedCampaign): string {
	const parts = [`started ${day(c.createdAt)}`];
	if (c.closedAt !== null) parts.push(`closed ${day(c.closedAt)}`);
	else if (c.status === "open" || c.status === "closing")
		parts.push(`closes at the end of ${formatDate(c.closesOn)}`);
	if (c.publishedOn !== null) parts.push(`posted ${formatDate(c.publishedOn)}`);
	else if (c.status === "closed") parts.push("not posted yet");
	return parts.join(", ");
}

/**
 * The campaign list, newest first: one line per campaign with its id, status, name (as plain text, one line) and
 * what happened when, so that two campaigns of the same name can be told apart.
 */
export function campaignListing(campaigns: ListedCampaign[]): string {
	if (campaigns.length === 0) return "No campaigns yet.\n";
	const width = Math.max(...campaigns.map((c) => c.status.length));
	const lines = campaigns.map(
		(c) =>
			`${c.id}  ${c.status.padEnd(width)}  ${cleanText(c.name).replace(/\s+/g, " ").trim()}  (${history(c)})`,
	);
	return `${plural(campaigns.length, "campaign")}, newest first:\n${lines.join("\n")}\n\nPrint one with --campaign ID (--format json or csv).\n`;
}
