import { english } from "../../text/translator.js";
import { censusHelp } from "../messages.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import { checkCommand } from "./check-command.js";
import { closeCommand } from "./close-command.js";
import type { Dialect } from "./dialect.js";
import { runLongCommand } from "./long-command.js";
import {
	nudgeCommand,
	remindCommand,
	resendUnknownCommand,
} from "./outreach-commands.js";
import { resultsCommand } from "./results-command.js";
import { type StartContext, startCommand } from "./start-command.js";
import { statusCommand } from "./status-command.js";
import { unreachableCommand } from "./unreachable-command.js";

/** One admin command as typed: the subcommand word and the rest of the line. */
export type AdminCommand = { subcommand: string; args: string };

/**
 * Runs `help|check|start|status|unreachable|remind|nudge|resend-unknown|close|results` for an admin (the caller checks that), the
 * same on every platform: only the dialect and the replies' rendering differ. Throws on infrastructure failures;
 * each platform's edge turns them into the error text with a reference. The commands that can take long whatever
 * the roster size run after the platform's turn when it gives `ctx.afterTurn` (see `runLongCommand`).
 */
export async function runAdminCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	command: AdminCommand,
	ctx: StartContext,
): Promise<unknown> {
	const rest = command.args.split(/\s+/).filter((w) => w.length > 0);
	const t = ctx.t ?? english;
	const long = (ack: string, work: (r: AdminReplies) => Promise<unknown>) =>
		runLongCommand(deps, replies, ctx.afterTurn, ack, work, t);
	switch (command.subcommand.toLowerCase()) {
		case "":
		case "help":
			return replies.text(censusHelp(d, t));
		case "check":
			return long(t.t("admin.ack.check"), (r) => checkCommand(deps, d, r, t));
		case "start":
			return startCommand(deps, d, replies, command.args, ctx);
		case "status":
			return statusCommand(deps, d, replies, t);
		case "unreachable":
			return unreachableCommand(deps, d, replies, t);
		case "close":
			return long(t.t("admin.ack.close"), (r) => closeCommand(deps, d, r, t));
		case "results":
			return resultsCommand(deps, d, replies, rest[0], t);
		case "resend-unknown":
			return long(t.t("admin.ack.resend"), (r) =>
				resendUnknownCommand(deps, d, r, t),
			);
		case "remind":
			return long(t.t("admin.ack.remind"), (r) => remindCommand(deps, d, r, t));
		case "nudge":
			return nudgeCommand(deps, d, replies, t);
		default:
			return replies.text(
				t.t("admin.unknown", {
					word: d.escape(command.subcommand.slice(0, 80)),
					help: d.code(d.command("help")),
				}),
			);
	}
}
