import type { QuestionKey } from "../../domain/questions/catalogue.js";

/** The chosen option id per question, as a platform's form gave it. */
export type Answers = Partial<Record<QuestionKey, string>>;

/**
 * What an employee did, parsed from a platform's payload. `campaignId` is the campaign of the message clicked;
 * null only where the message named none (App Home, a Slack invitation sent before buttons carried it): then the
 * census open now.
 */
export type ParticipantAction =
	/** Answer: show the questions. */
	| { kind: "open"; campaignId: string | null }
	/** Send: `answers` null when the form's values were not in the expected shape. */
	| {
			kind: "submit";
			campaignId: string;
			answers: Answers | null;
			/** When the request arrived (`performance.now()` milliseconds), for load shedding. */
			receivedAt: number;
	  }
	/** Don't remind me. */
	| { kind: "opt-out"; campaignId: string | null }
	/** The person's own census page (Slack's App Home). */
	| { kind: "home" };
