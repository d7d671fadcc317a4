import type { FakeSlackApi } from "./fake-slack-api.js";

/** What the Bolt app answered, plus the trigger and response URL the request carried. */
export type SimResponse = {
	status: number;
	body: string;
	json?: unknown;
	triggerId?: string;
	responseUrl?: string;
};

/** Per-request options: sign with a wrong secret, or at a given time, or send as Slack's nth retry. */
export type SimCallOptions = {
	badSignature?: boolean;
	timestampSec?: number;
	/** Adds `X-Slack-Retry-Num` (and a retry reason), as Slack does when it redelivers. */
	retryNum?: number;
};

/** A selected option in a submitted view's `state.values`. */
export type SimSelectedOption = {
	value: string;
	text: { type: "plain_text"; text: string };
};

/** The state of one input element in a submitted view, as Slack sends each element kind's. */
export type SimViewValue =
	| {
			type: "radio_buttons" | "static_select";
			selected_option: SimSelectedOption | null;
	  }
	| { type: "checkboxes"; selected_options: SimSelectedOption[] }
	| { type: "datepicker"; selected_date: string | null }
	| { type: "plain_text_input" | "number_input"; value: string | null };

/** Options for `SlackUserSimulator`. */
export type SlackUserSimulatorOptions = {
	appUrl: string;
	signingSecret: string;
	fake: FakeSlackApi;
	teamId?: string;
};

/** Arguments for `SlackUserSimulator.clickButton`. */
export type ClickButtonArgs = {
	userId: string;
	actionId: string;
	value?: string;
	/** Channel id, channel name or user id (meaning the user's DM with the bot). */
	channel: string;
	messageTs: string;
	blockId?: string;
};
