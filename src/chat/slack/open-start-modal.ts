import type { App } from "@slack/bolt";
import { ErrorCode } from "@slack/web-api";
import type { Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import type { StartForm } from "../admin/start-form.js";
import { startModal } from "./start-modal.js";

/** What the admin is told, in `t`'s language, when Slack refused to open the form because its trigger had expired. */
export function startFormExpired(t: Translator): string {
	const d = slackDialect;
	return t.t("startForm.expired", {
		command: d.code(d.command("start")),
		example: d.code(
			`${d.command("start")} name="Census 2026" closes=2026-12-14 channel=${d.channelExample}`,
		),
	});
}

/**
 * Opens the start form with the command's `trigger_id`: first, before anything slow, since Slack honours a trigger
 * for 3 seconds. An expired trigger is told to the admin through `say`; any other refusal is thrown.
 */
export async function openStartModal(
	client: App["client"],
	triggerId: string,
	form: StartForm,
	say: (text: string) => Promise<unknown>,
): Promise<unknown> {
	try {
		return await client.views.open({
			trigger_id: triggerId,
			view: startModal(form),
		});
	} catch (err) {
		const e = err as { code?: string; data?: { error?: string } };
		if (
			e.code === ErrorCode.PlatformError &&
			e.data?.error === "expired_trigger_id"
		)
			return say(startFormExpired(form.t));
		throw err;
	}
}
