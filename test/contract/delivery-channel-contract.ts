import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { invitationText } from "../../src/chat/messages.js";
import type { DeliveryChannel } from "../../src/domain/deliveries/delivery-channel.js";
import {
	NothingSent,
	PlatformRateLimited,
	RecipientUnreachable,
} from "../../src/domain/deliveries/delivery-errors.js";
import type {
	ClaimedDelivery,
	DeliveryKind,
	DeliveryRecipient,
	NoticePayload,
	NudgePayload,
	OutboxPayload,
	PostPayload,
} from "../../src/domain/deliveries/outbox-store.js";
import { asEmployeeId } from "../../src/domain/ids.js";
import { catalogue } from "../../src/domain/questions/catalogue.js";
import { sampleCampaign } from "../support/sample-campaign.js";

/**
 * Who a delivery in the contract is for: `reachable` and `deactivated` are people with an id on the platform
 * under test (the second is the one a case blocks), `no-id` is a person the roster knows only on another
 * platform, `leadership` is the campaign's leadership channel.
 */
export type Who = "reachable" | "deactivated" | "no-id" | "leadership";

/** A person's ids on each platform, as a ClaimedDelivery carries them. */
export type PlatformIds = {
	slackUserId: string | null;
	teamsUserId: string | null;
};

/** One message as the platform itself recorded it, reduced to what the contract checks. */
export type RecordedMessage = {
	/** Every text a reader sees (message text, summary, block and card texts), one per line. */
	text: string;
	/** The ids of its buttons (Slack `action_id`, Teams `Action.Execute` verb). */
	actions: string[];
	/** The whole rendered message as JSON, without the envelope saying where it went: for leak checks. */
	content: string;
};

/** One platform's delivery side, set up against that platform's own record of what it was sent. */
export type DeliveryHarness = {
	channel: DeliveryChannel;
	/** A claimed delivery of `kind` for `who` (a nudge or post carries `payload`, or the contract's sample). */
	claimed(
		kind: DeliveryKind,
		who: Who,
		payload?: OutboxPayload,
	): ClaimedDelivery;
	/** How this platform's messages tell a person to run `results`: `/census results` or `census results`. */
	resultsCommand: string;
	/** Messages the platform holds for `who`, oldest first. */
	messagesTo(who: Who): RecordedMessage[];
	/** Every request the platform received (looking up, creating conversations, sending). */
	platformCalls(): number;
	/** Requests to post a message the platform received, answered or not. */
	sendAttempts(): number;
	/** From now on the platform refuses `who` for good (deactivated, or blocked the bot). */
	block(who: Exclude<Who, "leadership">): void;
	/** The platform's next send is refused with its rate limit and this Retry-After; later sends go through. */
	injectRateLimit(retryAfterSeconds: number): void;
	/** The platform's next send fails so that the sender cannot tell whether it arrived (5xx, lost answer). */
	injectAmbiguousFailure(): void;
	close(): Promise<void>;
};

/**
 * The campaign every harness's store answers `findCampaign` with. Its contact is a channel, not an address, so
 * that "no email in any message" stays a check on people's addresses with no exception (an organisation may
 * still give an email address as its contact: that one is its own, shown by design).
 */
export const contractCampaign = sampleCampaign({
	organiser: {
		runBy: "People team",
		contact: "#people-help",
		privacyUrl: "https://intranet.acme.co.uk/privacy/census",
		message: null,
	},
});

/** The people of the contract: roster ids and emails, which no rendered message may carry. */
export const contractPeople = {
	reachable: {
		employeeId: asEmployeeId("emp_contract_reachable"),
		email: "ada.reachable@example.org",
	},
	deactivated: {
		employeeId: asEmployeeId("emp_contract_deactivated"),
		email: "bob.deactivated@example.org",
	},
	"no-id": {
		employeeId: asEmployeeId("emp_contract_noid"),
		email: "cy.noid@example.org",
	},
} as const;

/** A manager nudge: rates only (multiples of 5, P7), one group too small to show a rate. */
export const sampleNudge: NudgePayload = {
	kind: "nudge",
	groups: [
		{ name: "Finance", ratePercent: 35 },
		{ name: "Customer Service", ratePercent: null },
	],
	targetPercent: 70,
	organisationPercent: 55,
};

/** A participation update for the leadership channel. */
export const samplePost: PostPayload = {
	kind: "progress",
	campaignName: "Census 2026",
	organisationPercent: 55,
	targetPercent: 70,
	closesOn: "2026-12-14",
	groups: [
		{ name: "Finance", ratePercent: 35 },
		{ name: "Operations", ratePercent: 60 },
	],
};

/** The note to the admin after a scheduled close. */
export const sampleNotice: NoticePayload = {
	kind: "closed",
	campaignName: "Census 2026",
	closesOn: "2026-12-14",
	responded: 123,
	channel: "leadership",
};

/**
 * Builds the harness's `claimed`: the same deliveries on every platform, with only the ids the platform
 * addresses people and the leadership channel by. Invitations and reminders go to an employee id, nudges to
 * a manager's email (as the outbox stores them), posts to the channel.
 */
export function claimedFor(
	ids: Record<Exclude<Who, "leadership">, PlatformIds>,
	leadershipChannel: string,
): DeliveryHarness["claimed"] {
	let n = 0;
	return (kind, who, payload) => {
		n += 1;
		const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
		const base = {
			id,
			campaignId: contractCampaign.id,
			kind,
			wave: kind === "reminder" ? 1 : 0,
			campaignStatus: "open",
		};
		if (who === "leadership")
			return {
				...base,
				employeeId: null,
				recipient: leadershipChannel,
				payload: payload ?? samplePost,
				slackUserId: null,
				teamsUserId: null,
				participation: null,
			};
		const person = contractPeople[who];
		// A notice names the person by their user id on the platform they used, as the outbox stores it.
		if (kind === "notice")
			return {
				...base,
				employeeId: null,
				recipient: ids[who].slackUserId ?? ids[who].teamsUserId ?? "",
				payload: payload ?? sampleNotice,
				slackUserId: null,
				teamsUserId: null,
				participation: null,
			};
		return {
			...base,
			employeeId: person.employeeId,
			recipient: kind === "nudge" ? person.email : person.employeeId,
			payload: kind === "nudge" ? (payload ?? sampleNudge) : (payload ?? null),
			...ids[who],
			participation:
				kind === "invite" ? "pending" : kind === "reminder" ? "invited" : null,
		};
	};
}

/** What `holdUntil` is asked about a claimed delivery's recipient while it is still queued. */
export function recipientOf(d: ClaimedDelivery): DeliveryRecipient {
	return {
		id: d.id,
		campaignId: d.campaignId,
		kind: d.kind,
		state: "queued",
		slackUserId: d.slackUserId,
		teamsUserId: d.teamsUserId,
		timeZone: null,
		participation: d.participation,
		campaignStatus: d.campaignStatus,
	};
}

/** Reduces a rendered message (Slack `{text, blocks}`, a Teams activity) to what the contract checks. */
export function recordedMessage(
	content: Record<string, unknown>,
	keys: { text: readonly string[]; actions: readonly string[] },
): RecordedMessage {
	const texts: string[] = [];
	const actions: string[] = [];
	const walk = (v: unknown): void => {
		if (Array.isArray(v)) for (const x of v) walk(x);
		else if (v && typeof v === "object")
			for (const [k, x] of Object.entries(v)) {
				if (typeof x === "string") {
					if (keys.text.includes(k)) texts.push(x);
					if (keys.actions.includes(k)) actions.push(x);
				} else walk(x);
			}
	};
	walk(content);
	return { text: texts.join("\n"), actions, content: JSON.stringify(content) };
}

const optionIds = Object.values(catalogue).flatMap((q) =>
	q.options.map((o) => o.id),
);
const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+/;

/** Fails if a rendered message carries an answer option id, an email or any of these person identifiers. */
function expectNothingPersonal(m: RecordedMessage, identifiers: string[]) {
	for (const id of optionIds)
		expect(m.content, `option id ${id}`).not.toMatch(
			new RegExp(`(^|[^A-Za-z0-9_])${id}([^A-Za-z0-9_]|$)`),
		);
	expect(m.content).not.toMatch(email);
	for (const id of identifiers) expect(m.content).not.toContain(id);
}

/** Every `N%` in a text, as numbers. */
function percentages(text: string): number[] {
	return [...text.matchAll(/(\d+(?:\.\d+)?)\s*%/g)].map((m) => Number(m[1]));
}

async function failure(p: Promise<unknown>): Promise<unknown> {
	return p.then(
		(ref) => new Error(`expected a failure, got ref ${String(ref)}`),
		(err: unknown) => err,
	);
}

/** The reference's message id: what follows its last colon ("channel:ts"). */
function messageIdOf(ref: string): string {
	return ref.slice(ref.lastIndexOf(":") + 1);
}

/**
 * The behaviour every platform's delivery side must have, as `processDelivery` relies on it. Deliberately not
 * in the contract: deduplication (the outbox claim makes a send happen once; the channel sends what it is given,
 * every time), retries (the queue decides; a channel never retries by itself), and the exact wording and layout
 * of messages (each platform renders its own).
 */
export function describeDeliveryContract(
	name: string,
	makeHarness: () => Promise<DeliveryHarness>,
): void {
	describe(`delivery channel contract: ${name}`, () => {
		let h: DeliveryHarness;
		beforeEach(async () => {
			h = await makeHarness();
		});
		afterEach(async () => {
			await h.close();
		});
		const personIdentifiers = () => {
			const ids = (["reachable", "deactivated", "no-id"] as const).flatMap(
				(who) => {
					const d = h.claimed("invite", who);
					return [
						contractPeople[who].employeeId,
						contractPeople[who].email,
						d.slackUserId,
						d.teamsUserId,
					];
				},
			);
			return ids.filter((id): id is string => id !== null);
		};

		it("1. sends an invitation once, with Answer and Don't remind me, no option id and no email", async () => {
			const ref = await h.channel.deliver(h.claimed("invite", "reachable"));
			expect(ref.lastIndexOf(":")).toBeGreaterThan(0);
			expect(messageIdOf(ref)).not.toBe("");
			const messages = h.messagesTo("reachable");
			expect(messages).toHaveLength(1);
			const [m] = messages as [RecordedMessage];
			expect(m.actions).toContain("census_answer");
			expect(m.actions).toContain("census_optout");
			expect(m.text).toContain(invitationText.title);
			expectNothingPersonal(m, personIdentifiers());
			expect(h.messagesTo("deactivated")).toEqual([]);
			expect(h.messagesTo("leadership")).toEqual([]);
		});

		it("2. sends a reminder and a manager nudge; the nudge shows the payload's rates and groups, no person", async () => {
			await h.channel.deliver(h.claimed("reminder", "reachable"));
			await h.channel.deliver(h.claimed("nudge", "reachable", sampleNudge));
			const [reminder, nudge, ...more] = h.messagesTo("reachable");
			expect(more).toEqual([]);
			expect(reminder?.actions).toContain("census_answer");
			expect(reminder?.actions).toContain("census_optout");
			expectNothingPersonal(reminder as RecordedMessage, personIdentifiers());
			const n = nudge as RecordedMessage;
			for (const g of sampleNudge.groups) expect(n.text).toContain(g.name);
			const shown = percentages(n.text);
			const given = [
				...sampleNudge.groups.flatMap((g) =>
					g.ratePercent === null ? [] : [g.ratePercent],
				),
				sampleNudge.targetPercent,
				sampleNudge.organisationPercent,
			];
			expect(new Set(shown)).toEqual(new Set(given));
			for (const p of shown) expect(p % 5).toBe(0);
			expect(n.actions).not.toContain("census_answer");
			expectNothingPersonal(n, personIdentifiers());
		});

		it("3. posts to the leadership channel", async () => {
			const ref = await h.channel.deliver(
				h.claimed("post", "leadership", samplePost),
			);
			expect(messageIdOf(ref)).not.toBe("");
			const posts = h.messagesTo("leadership");
			expect(posts).toHaveLength(1);
			expect(posts[0]?.text).toContain("Census 2026");
			expect(posts[0]?.text).toContain("about 55% of people have answered");
			expect(posts[0]?.text).toContain("Finance: about 35%");
			expect(posts[0]?.text).toContain("Operations: about 60%");
			expect(h.messagesTo("reachable")).toEqual([]);
		});

		it("4. a person with no id on this platform is unreachable, and the platform is not called", async () => {
			for (const kind of ["invite", "reminder", "nudge"] as const) {
				const err = await failure(h.channel.deliver(h.claimed(kind, "no-id")));
				expect(err, kind).toBeInstanceOf(RecipientUnreachable);
			}
			expect(h.platformCalls()).toBe(0);
		});

		it("5. a deactivated person is unreachable, and nothing is recorded for them", async () => {
			h.block("deactivated");
			for (const kind of ["invite", "reminder"] as const) {
				const err = await failure(
					h.channel.deliver(h.claimed(kind, "deactivated")),
				);
				expect(err, kind).toBeInstanceOf(RecipientUnreachable);
			}
			expect(h.messagesTo("deactivated")).toEqual([]);
		});

		it("6. the platform's rate limit: PlatformRateLimited for at least Retry-After, nothing sent, then it goes through", async () => {
			h.injectRateLimit(3);
			const d = h.claimed("invite", "reachable");
			const err = await failure(h.channel.deliver(d));
			expect(err).toBeInstanceOf(PlatformRateLimited);
			expect((err as PlatformRateLimited).retryAfterMs).toBeGreaterThanOrEqual(
				3000,
			);
			expect(h.messagesTo("reachable")).toEqual([]);
			await h.channel.deliver(d);
			expect(h.messagesTo("reachable")).toHaveLength(1);
		});

		it("7. an ambiguous failure is neither rate limited, unreachable nor 'nothing sent', and is not retried", async () => {
			h.injectAmbiguousFailure();
			const err = await failure(
				h.channel.deliver(h.claimed("invite", "reachable")),
			);
			expect(err).toBeInstanceOf(Error);
			expect(err).not.toBeInstanceOf(PlatformRateLimited);
			expect(err).not.toBeInstanceOf(RecipientUnreachable);
			expect(err).not.toBeInstanceOf(NothingSent);
			// A retry inside the sender would be a second send the outbox never knew about.
			await new Promise((r) => setTimeout(r, 50));
			expect(h.sendAttempts()).toBe(1);
		});

		it("8. holds nothing for a person without Do Not Disturb", async () => {
			for (const kind of ["invite", "reminder", "nudge"] as const)
				expect(
					await h.channel.holdUntil(recipientOf(h.claimed(kind, "reachable"))),
				).toBeNull();
			expect(
				await h.channel.holdUntil(recipientOf(h.claimed("post", "leadership"))),
			).toBeNull();
		});

		it("10. sends a notice as a DM to the person it names, in this platform's words, with nothing personal", async () => {
			const ref = await h.channel.deliver(h.claimed("notice", "reachable"));
			expect(messageIdOf(ref)).not.toBe("");
			const [m, ...more] = h.messagesTo("reachable");
			expect(more).toEqual([]);
			expect(m?.text).toContain("Census 2026");
			expect(m?.text).toContain(
				"closed as planned at the end of Monday 14 December 2026",
			);
			expect(m?.text).toContain("123 answers were tallied");
			expect(m?.text.match(/\/?census results/)?.[0]).toBe(h.resultsCommand);
			expectNothingPersonal(m as RecordedMessage, personIdentifiers());
			expect(h.messagesTo("leadership")).toEqual([]);
		});

		it("11. never sends a payload its kind does not carry: failed at once, the platform not called", async () => {
			for (const [kind, who, payload] of [
				["post", "leadership", sampleNudge],
				["nudge", "reachable", samplePost],
				["notice", "reachable", samplePost],
			] as const) {
				const err = await failure(
					h.channel.deliver(h.claimed(kind, who, payload)),
				);
				expect(err, kind).toBeInstanceOf(NothingSent);
				expect((err as NothingSent).final, kind).toBe(true);
			}
			expect(h.sendAttempts()).toBe(0);
		});

		it("9. does not dedupe: the same claimed delivery sent twice is two messages (the outbox claim dedupes)", async () => {
			const d = h.claimed("invite", "reachable");
			const first = await h.channel.deliver(d);
			const second = await h.channel.deliver(d);
			expect(second).not.toBe(first);
			expect(h.messagesTo("reachable")).toHaveLength(2);
		});
	});
}
