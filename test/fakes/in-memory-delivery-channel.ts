import { slackDialect } from "../../src/chat/admin/dialect.js";
import { invitationMessage } from "../../src/chat/invitation-message.js";
import { nudgeMessage } from "../../src/chat/nudge-message.js";
import { payloadOf } from "../../src/chat/payload-of.js";
import { postMessage } from "../../src/chat/post-message.js";
import { reminderText } from "../../src/chat/reminder-message.js";
import type { DeliveryChannel } from "../../src/domain/deliveries/delivery-channel.js";
import {
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../src/domain/deliveries/delivery-errors.js";
import type {
	ClaimedDelivery,
	DeliveryRecipient,
} from "../../src/domain/deliveries/outbox-store.js";
import {
	isTeamsChannel,
	type Platform,
} from "../../src/domain/deliveries/platform.js";
import type { Campaign, CensusStore } from "../../src/domain/ports.js";
import { english } from "../../src/text/translator.js";

/** A message the in-memory platform holds: platform-neutral text and the ids of its buttons. */
export type InMemoryMessage = {
	/** The user id or channel it went to. */
	to: string;
	/** Its id on the platform (the part of the reference after the colon). */
	id: string;
	kind: ClaimedDelivery["kind"];
	text: string;
	/** Button ids, the same on every platform (the stable names in README.md): `census_answer`, `census_optout`. */
	actions: string[];
};

const answerActions = ["census_answer", "census_optout"];

function render(
	d: ClaimedDelivery,
	campaign: Campaign,
): Pick<InMemoryMessage, "text" | "actions"> {
	switch (d.kind) {
		case "invite":
			return {
				text: (() => {
					const m = invitationMessage(campaign, slackDialect, english);
					return [m.title, ...m.paragraphs, m.footer].join("\n");
				})(),
				actions: answerActions,
			};
		case "reminder":
			return {
				text: reminderText(campaign.name, campaign.closesOn, d.wave, english),
				actions: answerActions,
			};
		default: {
			const p = payloadOf(d);
			if (p.kind === "nudge") {
				const m = nudgeMessage(campaign.name, p, english);
				return {
					text: [m.title, ...m.lines, ...m.tips].join("\n"),
					actions: [],
				};
			}
			const m = postMessage(p, slackDialect, english);
			return { text: [m.text, ...m.lines].join("\n"), actions: [] };
		}
	}
}

/**
 * A chat platform in memory behind `DeliveryChannel`, with the semantics the contract suite
 * (`test/contract/`) holds Slack and Teams to: people are addressed by their id on `platform`, posts by a
 * channel of that platform; a blocked person is unreachable; a rate limit sends nothing; an ambiguous failure
 * may have delivered (by default it did, as when an answer is lost) and is never retried; nothing is deduped.
 */
export class InMemoryDeliveryChannel implements DeliveryChannel {
	/** Every message delivered, in order. */
	readonly messages: InMemoryMessage[] = [];
	/** Every send attempt the platform received, faulted ones included. */
	readonly attempts: { to: string; outcome: string }[] = [];
	private readonly blocked = new Set<string>();
	private readonly doNotDisturb = new Map<string, Date>();
	private readonly faults: (
		| { kind: "rate-limited"; retryAfterMs: number }
		| { kind: "ambiguous"; arrived: boolean }
	)[] = [];
	private nextId = 1;

	constructor(
		private readonly opts: {
			platform: Platform;
			store: Pick<CensusStore, "findCampaign">;
		},
	) {}

	/** From now on every message to this user is refused (they left, or blocked the bot). */
	block(userId: string): void {
		this.blocked.add(userId);
	}

	/** The next send is refused with a rate limit of `retryAfterMs`. */
	rateLimitNext(retryAfterMs: number): void {
		this.faults.push({ kind: "rate-limited", retryAfterMs });
	}

	/** The next send fails without saying whether it arrived; with `arrived`, it did. */
	failNextAmbiguously(arrived = true): void {
		this.faults.push({ kind: "ambiguous", arrived });
	}

	/** Puts a user in Do Not Disturb until `until`; null takes them out. */
	setDoNotDisturb(userId: string, until: Date | null): void {
		if (until) this.doNotDisturb.set(userId, until);
		else this.doNotDisturb.delete(userId);
	}

	/** Messages to a user id or channel, oldest first. */
	messagesTo(to: string): InMemoryMessage[] {
		return this.messages.filter((m) => m.to === to);
	}

	private userIdOf(d: {
		slackUserId: string | null;
		teamsUserId: string | null;
	}) {
		return this.opts.platform === "slack" ? d.slackUserId : d.teamsUserId;
	}

	async holdUntil(r: DeliveryRecipient): Promise<Date | null> {
		const user = r.kind === "post" ? null : this.userIdOf(r);
		return (user && this.doNotDisturb.get(user)) || null;
	}

	async deliver(d: ClaimedDelivery): Promise<string> {
		const campaign = await this.opts.store.findCampaign(d.campaignId);
		if (!campaign) throw new RecipientUnreachable("campaign_not_found");
		// Rendered first, as the real senders do: an unreadable payload reaches no platform.
		const rendered = render(d, campaign);
		const to =
			d.kind === "post" || d.kind === "notice" ? d.recipient : this.userIdOf(d);
		if (!to) throw new RecipientUnreachable("no_user_on_platform");
		if (
			d.kind === "post" &&
			isTeamsChannel(to) !== (this.opts.platform === "teams")
		)
			throw new RecipientUnreachable("not_a_channel_here");
		const fault = this.faults.shift();
		const attempt = { to, outcome: fault?.kind ?? "sent" };
		this.attempts.push(attempt);
		if (fault?.kind === "rate-limited")
			throw new PlatformRateLimited(fault.retryAfterMs);
		if (this.blocked.has(to)) {
			attempt.outcome = "refused";
			throw new RecipientUnreachable("blocked");
		}
		if (fault?.kind === "ambiguous" && !fault.arrived)
			throw new Error("in-memory platform: no answer; it may have arrived");
		const message = {
			to,
			id: `m${this.nextId++}`,
			kind: d.kind,
			...rendered,
		};
		this.messages.push(message);
		if (fault?.kind === "ambiguous")
			throw new Error("in-memory platform: the answer was lost after posting");
		return `${to}:${message.id}`;
	}
}
