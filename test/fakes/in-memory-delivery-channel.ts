import { invitationText } from "../../src/chat/messages.js";
import { nudgeMessage } from "../../src/chat/nudge-message.js";
import { reminderText } from "../../src/chat/reminder-message.js";
import type {
	ClaimedDelivery,
	NudgePayload,
	PostPayload,
} from "../../src/domain/deliveries/outbox-store.js";
import type { Campaign } from "../../src/domain/ports.js";
import {
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../src/jobs/job-definitions.js";
import type { DeliveryChannel } from "../../src/jobs/process-delivery.js";

/** A message as the in-memory platform keeps it. */
export type InMemoryMessage = {
	text: string;
	lines: string[];
	actions: string[];
};

/**
 * A chat platform in memory, the reference the real ones are held to by the contract suite: people are reached by
 * an id of its own (`memoryUserId`, here the Slack id field), channels by name; it records every message, can
 * block a person, and answers the next call with a rate limit or an ambiguous failure when told to.
 */
export class InMemoryPlatform {
	readonly messages = new Map<string, InMemoryMessage[]>();
	readonly blocked = new Set<string>();
	calls = 0;
	private rateLimitMs: number | null = null;
	private ambiguousNext = false;

	constructor(private readonly campaign: Campaign) {}

	rateLimit(retryAfterSeconds: number | null): void {
		this.rateLimitMs =
			retryAfterSeconds === null ? null : retryAfterSeconds * 1000;
	}

	failNextAmbiguously(): void {
		this.ambiguousNext = true;
	}

	private render(d: ClaimedDelivery): InMemoryMessage {
		const c = this.campaign;
		switch (d.kind) {
			case "invite":
				return {
					text: invitationText.title,
					lines: [],
					actions: ["census_answer", "census_optout"],
				};
			case "reminder":
				return {
					text: reminderText(c.name, c.closesOn, d.wave),
					lines: [],
					actions: ["census_answer", "census_optout"],
				};
			case "nudge": {
				const m = nudgeMessage(c.name, d.payload as NudgePayload);
				return { text: m.title, lines: [...m.lines, ...m.tips], actions: [] };
			}
			case "post": {
				const p = d.payload as PostPayload;
				return { text: p.text, lines: p.lines ?? [], actions: [] };
			}
		}
	}

	readonly channel: DeliveryChannel = {
		holdUntil: async () => null,
		deliver: async (d) => {
			const to = d.kind === "post" ? d.recipient : d.slackUserId;
			if (!to) throw new RecipientUnreachable("no_user");
			this.calls += 1;
			if (this.rateLimitMs !== null)
				throw new PlatformRateLimited(this.rateLimitMs);
			if (this.blocked.has(to)) throw new RecipientUnreachable("blocked");
			const message = this.render(d);
			if (this.ambiguousNext) {
				// Delivered, but the answer was lost: the sender cannot know.
				this.ambiguousNext = false;
				this.keep(to, message);
				throw new Error("connection reset after the request was sent");
			}
			this.keep(to, message);
			return `${to}:${this.messages.get(to)?.length ?? 0}`;
		},
	};

	private keep(to: string, message: InMemoryMessage): void {
		const list = this.messages.get(to) ?? [];
		list.push(message);
		this.messages.set(to, list);
	}
}
