import type { QuestionKey } from "../domain/questions/catalogue.js";
import type { SyntheticEmployee } from "./synthetic-organisation.js";

/** The D&I lead's side of a simulated drive, on one platform: each call returns the bot's reply text. */
export type AdminConsole = {
	/** Where the report goes (a Slack channel or a Teams channel id). */
	readonly channel: string;
	start(args: string): Promise<string>;
	status(): Promise<string>;
	close(): Promise<string>;
	/** Reads the private preview of the closed campaign's report and posts it; returns the confirmation. */
	publish(): Promise<string>;
};

/** The employees' side of a simulated drive, on one platform. */
export type EmployeeSide = {
	/** Whether the person's invitation has arrived. */
	invited(p: SyntheticEmployee): boolean;
	/**
	 * Opens the invitation and sends these answers (an option id per question, or none for "skip"); true when the
	 * bot thanked them, false when it asked them to send again (busy).
	 */
	answer(
		p: SyntheticEmployee,
		answers: Partial<Record<QuestionKey, string>>,
		questions: readonly QuestionKey[],
	): Promise<boolean>;
	/** Presses "Don't remind me" and waits until the invitation says so. */
	optOut(p: SyntheticEmployee): Promise<void>;
};
