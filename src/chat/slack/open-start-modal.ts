import type { App } from "@slack/bolt";
import { ErrorCode } from "@slack/web-api";
import type { StartForm } from "../admin/start-form.js";
import { startModal } from "./start-modal.js";

/** What the admin is told when Slack refused to open the form because its trigger had expired. */
export const startFormExpired =
	'The start form could not open in time (Slack allows 3 seconds). Run `/census start` again, or give the settings inline: `/census start name="Census 2026" closes=2026-12-14 channel=#leadership`.';

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
			return say(startFormExpired);
		throw err;
	}
}
