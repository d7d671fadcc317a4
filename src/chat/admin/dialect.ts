import { escapeMrkdwn } from "../../text/escape-mrkdwn.js";
import { escapeTeamsMarkdown } from "../../text/escape-teams-markdown.js";

/** How a platform writes the few marks the admin replies use, and what it calls the chat services. */
export type Dialect = {
	/** Which platform this is: the trust statement names who carries the traffic. */
	platform: "slack" | "teams";
	/** Someone else's text (a name, a word the admin typed) made inert in this markup. Every such value goes through it. */
	escape(s: string): string;
	/** Bold text: `*s*` in Slack's mrkdwn, `**s**` in Teams' markdown. */
	bold(s: string): string;
	/** Inline code. */
	code(s: string): string;
	/** A census subcommand as the admin types it: `/census sub` in Slack, `census sub` in Teams. */
	command(sub: string): string;
	/** The services whose user ids reach people and whose deliveries may go unconfirmed. */
	platforms: string;
	/** Why `n` people on the roster get no invitation. */
	unreachable(n: number): string;
	/** A `channel=` value as the help and usage show it. */
	channelExample: string;
	/** What the help adds about choosing the channel, if anything. */
	channelNote: string | null;
};

/** Slack: mrkdwn and the `/census` slash command. */
export const slackDialect: Dialect = {
	platform: "slack",
	escape: escapeMrkdwn,
	bold: (s) => `*${s}*`,
	code: (s) => `\`${s}\``,
	command: (sub) => `/census ${sub}`,
	platforms: "Slack",
	unreachable: (n) =>
		`${n} on the roster cannot be reached and are left out of the rates`,
	channelExample: "#leadership",
	channelNote: null,
};

/** Teams: markdown and `census …` typed as a message. */
export const teamsDialect: Dialect = {
	platform: "teams",
	escape: escapeTeamsMarkdown,
	bold: (s) => `**${s}**`,
	code: (s) => `\`${s}\``,
	command: (sub) => `census ${sub}`,
	platforms: "Slack or Teams",
	unreachable: (n) =>
		`${n} on the roster cannot be reached and are left out of the rates`,
	channelExample: "19:…@thread.tacv2",
	channelNote:
		"In a channel, @mention me and leave out `channel=`: the report goes to that channel.",
};
