import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type {
	ClaimedDelivery,
	DeliveryKind,
	NudgePayload,
	PostPayload,
} from "../../src/domain/deliveries/outbox-store.js";
import { asCampaignId, asEmployeeId } from "../../src/domain/ids.js";
import type { Campaign } from "../../src/domain/ports.js";
import { catalogue } from "../../src/domain/questions/catalogue.js";
import {
	NothingSent,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../src/jobs/job-definitions.js";
import type { DeliveryChannel } from "../../src/jobs/process-delivery.js";
import { sampleCampaign } from "../support/sample-campaign.js";

/** The campaign every contract delivery belongs to. */
export const contractCampaign: Campaign = sampleCampaign({
	id: asCampaignId("00000000-0000-4000-8000-00000000c0c0"),
	name: "Contract census",
});

/** Who a contract delivery is for, in the platform's own terms. */
export type Recipient = {
	/** The roster's ids for the person (null on the platforms they are not on). */
	slackUserId: string | null;
	teamsUserId: string | null;
};

/** What the contract needs of one platform: its sender and its own record of what arrived. */
export type ContractHarness = {
	channel: DeliveryChannel;
	/** A person reachable on this platform, the n-th of the run (fresh each time). */
	person(n: number): Recipient;
	/** The leadership channel, in this platform's form. */
	leadershipChannel: string;
	/** Everything the platform recorded as arriving for this person or channel, as JSON text. */
	arrived(to: Recipient | string): string[];
	/** Calls the sender made to the platform so far (faulted ones included). */
	calls(): number;
	/** From now on the platform refuses this person (left, blocked or removed the app). */
	block(to: Recipient): void;
	/** Answers every call with a rate limit and this Retry-After (seconds), until `null`. */
	rateLimit(retryAfterSeconds: number | null): void;
	/** The next call to this person is done but its answer is lost (or a 5xx), as the platform has it. */
	failAmbiguously(to: Recipient): void;
	close(): Promise<void>;
};

let nextId = 1;

/** A delivery claimed for sending, as the outbox hands it to a channel. */
export function claimed(
	kind: DeliveryKind,
	to: Recipient | string,
	payload: unknown = null,
	wave = kind === "invite" ? 0 : 1,
): ClaimedDelivery {
	const person = typeof to === "string" ? null : to;
	return {
		id: `00000000-0000-4000-8000-${String(nextId++).padStart(12, "0")}`,
		campaignId: contractCampaign.id,
		kind,
		wave,
		employeeId: person
			? asEmployeeId("00000000-0000-4000-8000-0000000000e1")
			: null,
		recipient:
			typeof to === "string"
				? to
				: kind === "nudge"
					? "manager@example.org"
					: "00000000-0000-4000-8000-0000000000e1",
		payload,
		slackUserId: person?.slackUserId ?? null,
		teamsUserId: person?.teamsUserId ?? null,
		participation: kind === "reminder" ? "invited" : "pending",
		campaignStatus: "open",
	};
}

const optionIds = Object.values(catalogue).flatMap((q) =>
	q.options.map((o) => o.id),
);

const nudge: NudgePayload = {
	groups: [
		{ name: "Operations", ratePercent: 35 },
		{ name: "Legal", ratePercent: 20 },
	],
	targetPercent: 70,
	organisationPercent: 55,
};

const post: PostPayload = {
	text: "Contract census: 55% have answered so far",
	lines: ["Operations: 35%", "Legal: 20%"],
};

/**
 * The chat-platform contract: what every platform's sender must do for the outbox to deliver exactly once or
 * visibly not at all (`processDelivery`), and to keep answers and people out of messages.
 */
export function describeDeliveryContract(
	name: string,
	makeHarness: () => Promise<ContractHarness>,
): void {
	describe(`${name}: the chat-platform delivery contract`, () => {
		let h: ContractHarness;
		let n = 0;
		const fresh = () => h.person(++n);

		beforeAll(async () => {
			h = await makeHarness();
		});
		afterAll(async () => {
			await h?.close();
		});
		beforeEach(() => {
			h.rateLimit(null);
		});

		it("delivers an invitation once, with the answer and opt-out actions, and no option id or email", async () => {
			const p = fresh();
			const ref = await h.channel.deliver(claimed("invite", p));
			expect(ref.length).toBeGreaterThan(0);
			const arrived = h.arrived(p);
			expect(arrived).toHaveLength(1);
			const body = arrived[0] ?? "";
			expect(body).toContain("census_answer");
			expect(body).toContain("census_optout");
			for (const id of optionIds) expect(body).not.toContain(`"${id}"`);
			expect(body).not.toContain("@example.org");
		});

		it("delivers a reminder, and a manager nudge with the rates and groups only (P7)", async () => {
			const p = fresh();
			await h.channel.deliver(claimed("reminder", p));
			const m = fresh();
			await h.channel.deliver(claimed("nudge", m, nudge));
			expect(h.arrived(p)).toHaveLength(1);
			const [body = ""] = h.arrived(m);
			for (const g of nudge.groups) {
				expect(body).toContain(g.name);
				expect(body).toContain(`${g.ratePercent}%`);
			}
			expect(body).toContain(`${nudge.organisationPercent}%`);
			// The nudge goes to the manager by their own id; it names no one, not even them.
			expect(body).not.toContain("manager@example.org");
			expect(body).not.toContain("00000000-0000-4000-8000-0000000000e1");
			const percents = [...body.matchAll(/(\d+)%/g)].map((x) => Number(x[1]));
			for (const v of percents) expect(v % 5, `${v}%`).toBe(0);
		});

		it("posts to the leadership channel", async () => {
			const before = h.arrived(h.leadershipChannel).length;
			const ref = await h.channel.deliver(
				claimed("post", h.leadershipChannel, post),
			);
			expect(ref.length).toBeGreaterThan(0);
			const arrived = h.arrived(h.leadershipChannel);
			expect(arrived).toHaveLength(before + 1);
			expect(arrived.at(-1)).toContain("55% have answered");
		});

		it("refuses, without a call, a person with no id on this platform", async () => {
			const calls = h.calls();
			const err = await h.channel
				.deliver(claimed("invite", { slackUserId: null, teamsUserId: null }))
				.catch((e: unknown) => e);
			expect(err).toBeInstanceOf(RecipientUnreachable);
			expect(h.calls()).toBe(calls);
		});

		it("reports a blocked person unreachable, with nothing delivered", async () => {
			const p = fresh();
			h.block(p);
			const err = await h.channel
				.deliver(claimed("invite", p))
				.catch((e: unknown) => e);
			expect(err).toBeInstanceOf(RecipientUnreachable);
			expect(h.arrived(p)).toHaveLength(0);
		});

		it("turns the platform's rate limit into PlatformRateLimited (nothing sent), and sends once it ends", async () => {
			const p = fresh();
			h.rateLimit(2);
			const err = await h.channel
				.deliver(claimed("invite", p))
				.catch((e: unknown) => e);
			expect(err).toBeInstanceOf(PlatformRateLimited);
			expect((err as PlatformRateLimited).retryAfterMs).toBeGreaterThanOrEqual(
				2000,
			);
			expect(h.arrived(p)).toHaveLength(0);
			h.rateLimit(null);
			await h.channel.deliver(claimed("invite", p));
			expect(h.arrived(p)).toHaveLength(1);
		});

		it("leaves an ambiguous failure ambiguous: not rate limited, unreachable or 'nothing sent', and not retried", async () => {
			const p = fresh();
			h.failAmbiguously(p);
			const calls = h.calls();
			const err = await h.channel
				.deliver(claimed("invite", p))
				.catch((e: unknown) => e);
			expect(err).toBeInstanceOf(Error);
			expect(err).not.toBeInstanceOf(PlatformRateLimited);
			expect(err).not.toBeInstanceOf(RecipientUnreachable);
			expect(err).not.toBeInstanceOf(NothingSent);
			expect(h.calls() - calls).toBe(1);
		});

		it("holds no one who is not in Do Not Disturb", async () => {
			const p = fresh();
			const d = claimed("invite", p);
			expect(
				await h.channel.holdUntil({
					id: d.id,
					campaignId: d.campaignId,
					kind: d.kind,
					state: "queued",
					slackUserId: p.slackUserId,
					teamsUserId: p.teamsUserId,
					timeZone: null,
				}),
			).toBeNull();
		});

		it("does not deduplicate by itself: the outbox claim does (the same delivery sent twice arrives twice)", async () => {
			const p = fresh();
			const d = claimed("invite", p);
			await h.channel.deliver(d);
			await h.channel.deliver(d);
			expect(h.arrived(p)).toHaveLength(2);
		});
	});
}
