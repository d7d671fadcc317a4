import type { ReportingGroup } from "../../domain/campaigns/reporting-groups.js";
import type { ResponseRates } from "../../domain/participation/response-rates.js";
import type { Campaign } from "../../domain/ports.js";
import type { CampaignReport } from "../../domain/reporting/campaign-report.js";
import type { Translator } from "../../text/translator.js";
import type { StartForm } from "./start-form.js";

/** Participation and delivery state of the open campaign, for `status`. */
export type StatusView = {
	/** One line for notifications and fallbacks. */
	summary: string;
	campaign: Campaign;
	rates: ResponseRates;
	groups: readonly ReportingGroup[];
	/** Where the deliveries stand, one line per kind, in the dialect's markup. */
	deliveries: string[];
	/** The reader's language (the admin's); English (UK) when not given. */
	t?: Translator;
};

/**
 * `status` where more than the admin reads it (a Teams channel): the organisation's rate only, as published
 * (rounded to 5 points, held under the release ledger); the figures by group stay in personal chat.
 */
export type ChannelStatusView = {
	summary: string;
	campaign: Campaign;
	organisationPercent: number;
	/** The reader's language (the admin's); English (UK) when not given. */
	t?: Translator;
};

/** A closed campaign's report as the admin previews it, with its post button. */
export type PreviewView = {
	summary: string;
	report: CampaignReport;
	channel: string;
	publishedOn: string | null;
	/** The reader's language (the admin's); English (UK) when not given. */
	t?: Translator;
};

/** A text file for the admin: its name, its content, a plain-text title, and the subcommand that made it. */
export type AdminFile = {
	filename: string;
	content: string;
	title: string;
	command: "check" | "unreachable";
	/** The reader's language (the admin's); English (UK) when not given. */
	t?: Translator;
};

/**
 * How an admin command answers, rendered by each platform: plain text in its dialect, and the two rich replies
 * (Block Kit in Slack, Adaptive Cards in Teams), and a file. Nothing else: a command that needs more belongs in the adapter.
 */
export type AdminReplies = {
	text(message: string): Promise<unknown>;
	status(view: StatusView): Promise<unknown>;
	preview(view: PreviewView): Promise<unknown>;
	/** A file only the admin can download (a CSV of the people the census cannot reach). */
	file(file: AdminFile): Promise<unknown>;
	/**
	 * Shows the start form (a Slack modal, a Teams card), when the platform has one: `start` with no arguments
	 * opens it; without it, `start` with no arguments is read as the inline command.
	 */
	startForm?(form: StartForm): Promise<unknown>;
	/** Present when the replies are read by more than the admin (a channel): then `status` is not used. */
	channel?: { status(view: ChannelStatusView): Promise<unknown> };
};
