import { escapeMrkdwn } from "../../text/escape-mrkdwn.js";
import { escapeTeamsMarkdown } from "../../text/escape-teams-markdown.js";
import type { Translator } from "../../text/translator.js";

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
	/** The services whose user ids reach people and whose deliveries may go unconfirmed, in `t`'s language. */
	platforms(t: Translator): string;
	/** Why `n` people on the roster get no invitation, in `t`'s language. */
	unreachable(n: number, t: Translator): string;
	/** A `channel=` value as the help and usage show it. */
	channelExample: string;
	/** What the help adds about choosing the channel, if anything, in `t`'s language. */
	channelNote(t: Translator): string | null;
};

const platforms =
	(platform: Dialect["platform"]) =>
	(t: Translator): string =>
		t.t("dialect.platforms", { platform });

const unreachable = (n: number, t: Translator): string =>
	t.t("dialect.unreachable", { n });

/** Slack: mrkdwn and the `/census` slash command. */
export const slackDialect: Dialect = {
	platform: "slack",
	escape: escapeMrkdwn,
	bold: (s) => `*${s}*`,
	code: (s) => `\`${s}\``,
	command: (sub) => `/census ${sub}`,
	platforms: platforms("slack"),
	unreachable,
	channelExample: "#leadership",
	channelNote: () => null,
};

/** Teams: markdown and `census …` typed as a message. */
export const teamsDialect: Dialect = {
	platform: "teams",
	escape: escapeTeamsMarkdown,
	bold: (s) => `**${s}**`,
	code: (s) => `\`${s}\``,
	command: (sub) => `census ${sub}`,
	platforms: platforms("teams"),
	unreachable,
	channelExample: "19:…@thread.tacv2",
	channelNote: (t) => t.t("help.channelNote", { channel: "`channel=`" }),
};
