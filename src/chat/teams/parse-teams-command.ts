/** The `/census` subcommands, which Teams takes as plain messages. */
export const censusSubcommands = [
	"help",
	"check",
	"start",
	"status",
	"unreachable",
	"remind",
	"nudge",
	"close",
	"results",
	"resend-unknown",
] as const;

/** One of the `/census` subcommands. */
export type CensusSubcommand = (typeof censusSubcommands)[number];

/** A message read as a census command, or not one. */
export type TeamsCommand =
	| { kind: "command"; subcommand: CensusSubcommand; args: string }
	| { kind: "unknown"; word: string }
	| { kind: "not-a-command" };

const known = new Set<string>(censusSubcommands);

/**
 * Reads `census start name=…`, `/census start …` or just `start …` (Teams' command menu inserts the bare
 * title). The bot's @mention must already be removed. A bare `census` means help.
 */
export function parseTeamsCommand(text: string): TeamsCommand {
	const clean = text.replace(/&nbsp;|\u00a0/g, " ").trim();
	const m = /^(\/?census\b)?\s*(\S*)\s*([\s\S]*)$/i.exec(clean);
	const prefixed = m?.[1] !== undefined;
	const word = (m?.[2] ?? "").toLowerCase();
	if (word === "")
		return prefixed
			? { kind: "command", subcommand: "help", args: "" }
			: { kind: "not-a-command" };
	if (known.has(word))
		return {
			kind: "command",
			subcommand: word as CensusSubcommand,
			args: (m?.[3] ?? "").trim(),
		};
	return prefixed ? { kind: "unknown", word } : { kind: "not-a-command" };
}
