import { noLongerWanted } from "../domain/deliveries/no-longer-wanted.js";
import type { OutboxStore } from "../domain/deliveries/outbox-store.js";
import type { DeliveryQueue } from "./delivery-queue.js";

/**
 * The Slack users the next `n` waiting jobs will message (invitations, reminders, nudges), so that Do Not Disturb
 * can be looked up for a batch of people before their turn: one `dnd.teamInfo` call then serves the next 50
 * sends, however slowly the workspace's limit lets them go. Deliveries no longer wanted are left out: they are
 * cancelled without a look at anyone's Do Not Disturb.
 */
export function upcomingSlackUsers(
	queue: Pick<DeliveryQueue, "nextDeliveryIds">,
	outbox: Pick<OutboxStore, "peek">,
	n = 100,
): () => Promise<string[]> {
	return async () => {
		const ids = await queue.nextDeliveryIds(n);
		const recipients = await Promise.all(ids.map((id) => outbox.peek(id)));
		const users = new Set<string>();
		for (const r of recipients)
			if (
				r?.state === "queued" &&
				r.kind !== "post" &&
				r.slackUserId &&
				!noLongerWanted(r)
			)
				users.add(r.slackUserId);
		return [...users];
	};
}
