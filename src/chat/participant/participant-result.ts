import type { ParticipationStatus } from "../../domain/participation/response-rates.js";
import type { Campaign, Organiser, Participant } from "../../domain/ports.js";
import type { ParticipantAction } from "./participant-action.js";

/**
 * What an employee's action leads to, for each platform to draw. Carries no answer: a result is drawn for the
 * person who acted, and nothing in it says what they chose.
 */
export type ParticipantResult =
	/** The campaign's questions. */
	| { kind: "questions"; campaign: Campaign }
	/** The answer is recorded; `participant` says where their invitation is, to replace it. */
	| { kind: "thanks"; campaign: Campaign; participant: Participant }
	| { kind: "already-answered" }
	/** Not on this campaign's roster, or no longer an active employee: told whom to ask (the organiser). */
	| { kind: "not-invited"; organiser: Organiser }
	/** The campaign named is not open (or none is). */
	| { kind: "closed" }
	/** The answers were not one valid option per question: the questions again, with the problem. */
	| { kind: "invalid-answer"; campaign: Campaign }
	/** Turned away under overload before anything was written: the questions again, to send once more. */
	| { kind: "busy"; campaign: Campaign }
	/** No more reminders; still answerable until it closes. */
	| { kind: "opted-out"; campaign: Campaign }
	/** The person's census page: the open campaign, and where they stand in it (null: not invited). */
	| {
			kind: "home";
			campaign: Campaign | null;
			status: ParticipationStatus | null;
	  }
	/** Storage failed; nothing was changed. `ref` is in the log line. */
	| { kind: "error"; ref: string };

type Of<K extends ParticipantResult["kind"]> = Extract<
	ParticipantResult,
	{ kind: K }
>;

/** Why an action leads nowhere: every action but the census page may end so. */
export type Refusal = Of<
	"already-answered" | "not-invited" | "closed" | "error"
>;

/** What each action can lead to. */
export type ResultOf<A extends ParticipantAction> = A extends { kind: "open" }
	? Of<"questions"> | Refusal
	: A extends { kind: "opt-out" }
		? Of<"opted-out"> | Refusal
		: A extends { kind: "submit" }
			? Of<"thanks" | "invalid-answer" | "busy"> | Refusal
			: Of<"home" | "error">;

/** A result, and work to do once it has been shown (the pool's shuffle): never awaited before the reply. */
export type ParticipantOutcome<
	R extends ParticipantResult = ParticipantResult,
> = {
	result: R;
	/** The language the roster gives for the person who acted, when they were found and it gives one. */
	language?: string | null;
	/** The locale their chat platform gave (Slack's, from the reach check), when they were found and it gave one. */
	platformLocale?: string | null;
	afterReply?: () => Promise<void>;
};
