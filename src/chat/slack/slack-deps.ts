import type { PauseReason } from "../../jobs/delivery-pause.js";
import type { Languages } from "../../text/languages.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import type { AdminEmailResolver } from "../admin/admin-email-resolver.js";
import type { ReportPoster } from "../admin/publish-report.js";
import type { AnswerAdmission } from "../answer-admission.js";
import type { OncePerPerson } from "../once-per-person.js";

/** What the Slack listeners need, injected by the composition root. */
export type SlackDeps = AdminDeps & {
	/** Posts a report to a channel on whichever platform the channel is (Slack or Teams). */
	postReport: ReportPoster;
	/** Sheds answers under overload (default: one with the default limits for this app). */
	admission?: AnswerAdmission;
	/**
	 * Replaces a message (chat.update with this JSON body) through a lean caller; default: Bolt's WebClient,
	 * several times the CPU per call.
	 */
	updateMessage?: (json: string) => Promise<unknown>;
	/** The app was uninstalled or its bot token revoked: pauses Slack's deliveries and tells the admins. */
	appGone?: (reason: PauseReason) => Promise<void>;
	/** Recognises admins named by email in CENSUS_ADMINS by looking them up in Slack (absent: roster only). */
	adminEmails?: AdminEmailResolver;
	/** The languages employees are spoken to in (absent: English (UK) only). */
	languages?: Languages;
	/** Who may be told, today, what the bot is after writing to it (absent: nobody is answered). */
	directMessageHints?: OncePerPerson;
};
