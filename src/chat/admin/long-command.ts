import { randomBytes } from "node:crypto";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";

/**
 * Runs an admin command's long part once the platform's turn is answered, with replies that reach the admin in the
 * same conversation proactively. A platform whose command already answered the platform at once (Slack's slash
 * command acknowledges before any work) gives none: the work then runs with the command's own replies.
 */
export type AfterTurn = (
	work: (replies: AdminReplies) => Promise<unknown>,
) => void;

/**
 * A command that can take long whatever the roster size (start, check, close, resend-unknown, remind): with
 * `afterTurn`, the admin is told `ack` within the turn and the work runs after it. A failure after the turn is
 * logged with a reference and said to the admin with it (never a stack trace); a reply that cannot be sent is
 * logged as an error, so nothing is lost silently.
 */
export async function runLongCommand(
	deps: Pick<AdminDeps, "logger">,
	replies: AdminReplies,
	afterTurn: AfterTurn | undefined,
	ack: string,
	work: (replies: AdminReplies) => Promise<unknown>,
	t: Translator = english,
): Promise<unknown> {
	if (!afterTurn) return work(replies);
	await replies.text(ack);
	afterTurn(async (later) => {
		try {
			await work(later);
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			deps.logger.error(
				{ requestId: ref, err: err as Error },
				"admin command failed after its turn",
			);
			await later
				.text(t.t("result.error", { ref }))
				.catch((sendErr: unknown) =>
					deps.logger.error(
						{ requestId: ref, err: sendErr as Error },
						"could not tell the admin that a command failed after its turn",
					),
				);
		}
	});
	return undefined;
}
