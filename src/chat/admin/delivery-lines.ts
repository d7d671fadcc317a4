import type { PlatformInvites } from "../../domain/deliveries/invites-by-platform.js";
import type { DeliveryCount } from "../../domain/deliveries/outbox-store.js";

/** One line per delivery kind: queued, sent, unknown, failed, undeliverable. */
export function deliveryLines(counts: DeliveryCount[]): string[] {
	const labels = {
		invite: "Invitations",
		reminder: "Reminders",
		nudge: "Manager nudges",
		post: "Posts",
	} as const;
	const lines: string[] = [];
	for (const kind of ["invite", "reminder", "nudge", "post"] as const) {
		const of = counts.filter((c) => c.kind === kind);
		if (of.length === 0) continue;
		const n = (...states: string[]) =>
			of
				.filter((c) => states.includes(c.state))
				.reduce((s, c) => s + c.count, 0);
		const parts = [
			`${n("sent")} sent`,
			`${n("queued", "sending")} queued`,
			`${n("unknown")} unknown`,
			`${n("failed")} failed`,
			`${n("undeliverable")} undeliverable`,
		];
		const cancelled = n("cancelled");
		if (cancelled > 0) parts.push(`${cancelled} no longer needed`);
		lines.push(`${labels[kind]}: ${parts.join(", ")}.`);
	}
	return lines;
}

const platformName = { slack: "Slack", teams: "Teams" } as const;

/** One line per configured platform: its invitations delivered, pending, unknown and undeliverable. */
export function platformInviteLines(
	invites: readonly PlatformInvites[],
): string[] {
	return invites.map((p) => {
		const parts = [
			`${p.delivered} delivered`,
			`${p.pending} pending`,
			`${p.unknown} unknown`,
			`${p.undeliverable} undeliverable`,
		];
		if (p.failed > 0) parts.push(`${p.failed} failed`);
		if (p.cancelled > 0) parts.push(`${p.cancelled} no longer needed`);
		return `Invitations on ${platformName[p.platform]}: ${parts.join(", ")}.`;
	});
}
