import type { PlatformInvites } from "../../domain/deliveries/invites-by-platform.js";
import type { DeliveryCount } from "../../domain/deliveries/outbox-store.js";
import { english, type Translator } from "../../text/translator.js";

/** One line per delivery kind: queued, sent, unknown, failed, undeliverable; in `t`'s language. */
export function deliveryLines(
	counts: DeliveryCount[],
	t: Translator = english,
): string[] {
	const lines: string[] = [];
	for (const kind of ["invite", "reminder", "nudge", "post"] as const) {
		const of = counts.filter((c) => c.kind === kind);
		if (of.length === 0) continue;
		const n = (...states: string[]) =>
			of
				.filter((c) => states.includes(c.state))
				.reduce((s, c) => s + c.count, 0);
		const cancelled = n("cancelled");
		lines.push(
			t.t("admin.delivery.line", {
				kind,
				sent: n("sent"),
				queued: n("queued", "sending"),
				unknown: n("unknown"),
				failed: n("failed"),
				undeliverable: n("undeliverable"),
				more:
					cancelled > 0
						? t.t("admin.delivery.cancelled", { n: cancelled })
						: "",
			}),
		);
	}
	return lines;
}

const platformName = { slack: "Slack", teams: "Teams" } as const;

/** One line per configured platform: its invitations delivered, pending, unknown and undeliverable. */
export function platformInviteLines(
	invites: readonly PlatformInvites[],
	t: Translator = english,
): string[] {
	return invites.map((p) =>
		t.t("admin.delivery.platformLine", {
			service: platformName[p.platform],
			delivered: p.delivered,
			pending: p.pending,
			unknown: p.unknown,
			undeliverable: p.undeliverable,
			more: [
				p.failed > 0 ? t.t("admin.delivery.failed", { n: p.failed }) : "",
				p.cancelled > 0
					? t.t("admin.delivery.cancelled", { n: p.cancelled })
					: "",
			].join(""),
		}),
	);
}
