import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeliveryChannel } from "../../src/domain/deliveries/delivery-channel.js";
import {
	NothingSent,
	PlatformOverloaded,
} from "../../src/domain/deliveries/delivery-errors.js";
import { processDelivery } from "../../src/jobs/process-delivery.js";
import { InMemoryOutbox } from "../fakes/in-memory-outbox.js";

/** A channel that records what it sent and holds the users in `resting` until `until`. */
function channel(resting: Set<string>, until: Date) {
	const sent: string[] = [];
	const c: DeliveryChannel = {
		async holdUntil(d) {
			return d.slackUserId && resting.has(d.slackUserId) ? until : null;
		},
		async deliver(d) {
			sent.push(d.id);
			return `D1:${sent.length}`;
		},
	};
	return { c, sent };
}

describe("processDelivery", () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it("holds a delivery whose recipient is not to be disturbed: still queued, no attempt, no slot, no send", async () => {
		const outbox = new InMemoryOutbox();
		const row = outbox.add("a", "invite", "U9");
		const until = new Date(Date.now() + 60_000);
		const { c, sent } = channel(new Set(["U9"]), until);
		let paced = 0;
		const outcome = await processDelivery(outbox, c, "a", false, async () => {
			paced++;
			return Date.now();
		});
		expect(outcome).toEqual({ heldUntil: until });
		expect(row).toMatchObject({
			state: "queued",
			attempts: 0,
			notBefore: until,
		});
		expect(paced).toBe(0);
		expect(sent).toEqual([]);
	});

	it("sends everyone else, once", async () => {
		const outbox = new InMemoryOutbox();
		const row = outbox.add("b", "invite", "U1");
		const { c, sent } = channel(new Set(["U9"]), new Date());
		expect(await processDelivery(outbox, c, "b", false)).toBe("sent");
		expect(row).toMatchObject({ state: "sent", attempts: 1, ref: "D1:1" });
		expect(await processDelivery(outbox, c, "b", false)).toBe("skipped");
		expect(sent).toEqual(["b"]);
	});

	it("takes a fresh slot when the claim made the send late, so it does not crowd later slots", async () => {
		const outbox = new InMemoryOutbox();
		outbox.add("c");
		const { c } = channel(new Set(), new Date());
		const slots: number[] = [];
		const pace = async () => {
			// The first slot was 100 ms ago by the time the claim returns; the second is now.
			const slot = slots.length === 0 ? Date.now() - 100 : Date.now();
			slots.push(slot);
			return slot;
		};
		expect(await processDelivery(outbox, c, "c", false, pace)).toBe("sent");
		expect(slots).toHaveLength(2);
	});

	it("claims ahead of a slot the pacer gave early and sends in it, not before: a slow claim costs no fresh slot", async () => {
		vi.useFakeTimers({ now: 1_000_000 });
		const outbox = new InMemoryOutbox();
		outbox.add("e");
		// The claim takes 50 ms, longer than a slot's tolerance: before the lead it gave the slot up.
		const claim = outbox.claim.bind(outbox);
		outbox.claim = async (id) => {
			vi.setSystemTime(Date.now() + 50);
			return claim(id);
		};
		const sentAt: number[] = [];
		const c: DeliveryChannel = {
			async holdUntil() {
				return null;
			},
			async deliver() {
				sentAt.push(Date.now());
				return "D1:1";
			},
		};
		const slots: number[] = [];
		const pace = async () => {
			// Answered 80 ms ahead of the slot.
			slots.push(Date.now() + 80);
			return Date.now() + 80;
		};
		let outcome: unknown;
		const run = processDelivery(outbox, c, "e", false, pace).then((o) => {
			outcome = o;
		});
		while (outcome === undefined) await vi.advanceTimersByTimeAsync(5);
		await run;
		expect(outcome).toBe("sent");
		expect(slots).toHaveLength(1);
		expect(sentAt).toEqual([slots[0]]);
	});

	it("502/504: records unknown (never resent) and rethrows, so the worker backs the queue off", async () => {
		const outbox = new InMemoryOutbox();
		const row = outbox.add("d");
		const overloaded: DeliveryChannel = {
			holdUntil: async () => null,
			deliver: async () => {
				throw new PlatformOverloaded(502, 2000);
			},
		};
		await expect(
			processDelivery(outbox, overloaded, "d", false),
		).rejects.toBeInstanceOf(PlatformOverloaded);
		expect(row.state).toBe("unknown");
		expect(await processDelivery(outbox, overloaded, "d", false)).toBe(
			"skipped",
		);
	});

	it("a payload that cannot be read is failed at once, not handed back for a retry that would read it again", async () => {
		const outbox = new InMemoryOutbox();
		const row = outbox.add("e", "notice");
		const unreadable: DeliveryChannel = {
			holdUntil: async () => null,
			deliver: async () => {
				throw new NothingSent("invalid_payload", true);
			},
		};
		await expect(
			processDelivery(outbox, unreadable, "e", false),
		).rejects.toThrow(/invalid_payload/);
		expect(row).toMatchObject({ state: "failed", attempts: 1 });
		// A refusal that proves nothing was sent, without `final`, is handed back for a retry.
		const retried = outbox.add("f", "notice");
		const refused: DeliveryChannel = {
			...unreadable,
			deliver: async () => {
				throw new NothingSent("channel_not_found");
			},
		};
		await expect(processDelivery(outbox, refused, "f", false)).rejects.toThrow(
			NothingSent,
		);
		expect(retried.state).toBe("queued");
	});

	it("after the close, still sends the admin's notice and a post, and cancels an invitation or reminder", async () => {
		const outbox = new InMemoryOutbox();
		const { c, sent } = channel(new Set(), new Date());
		for (const kind of ["notice", "post", "invite", "reminder"] as const)
			outbox.add(kind, kind, "U1", "closed");
		for (const kind of ["notice", "post"])
			expect(await processDelivery(outbox, c, kind, false)).toBe("sent");
		for (const kind of ["invite", "reminder"])
			expect(await processDelivery(outbox, c, kind, false)).toBe("skipped");
		expect(sent).toEqual(["notice", "post"]);
		expect(outbox.rows.get("invite")?.state).toBe("cancelled");
	});

	it("cancels what is no longer wanted when looked at (closed, answered, reached) without a hold, a preparation or a send slot", async () => {
		const outbox = new InMemoryOutbox();
		outbox.add("closed", "invite", "U1", "closed");
		outbox.add("answered", "reminder", "U2").participation = "responded";
		outbox.add("reached", "invite", "U3").participation = "invited";
		outbox.add("due", "reminder", "U4").participation = "invited";
		const asked: string[] = [];
		const sent: string[] = [];
		const c: DeliveryChannel = {
			async holdUntil(d) {
				asked.push(`hold ${d.id}`);
				return null;
			},
			async prepare(d) {
				asked.push(`prepare ${d.id}`);
				return null;
			},
			async deliver(d) {
				sent.push(d.id);
				return "D1:1";
			},
		};
		let paced = 0;
		const pace = async () => {
			paced++;
			return undefined;
		};
		for (const id of ["closed", "answered", "reached"]) {
			expect(await processDelivery(outbox, c, id, false, pace)).toBe("skipped");
			expect(outbox.rows.get(id)?.state).toBe("cancelled");
		}
		expect({ asked, paced, sent }).toEqual({ asked: [], paced: 0, sent: [] });
		expect(await processDelivery(outbox, c, "due", false, pace)).toBe("sent");
		expect({ asked, paced, sent }).toEqual({
			asked: ["hold due", "prepare due"],
			paced: 1,
			sent: ["due"],
		});
	});

	it("paces a delivery that was unwanted when looked at but wanted when claimed", async () => {
		const outbox = new InMemoryOutbox();
		const row = outbox.add("back", "invite", "U1");
		row.participation = "invited";
		const { c, sent } = channel(new Set(), new Date());
		const claim = outbox.claim.bind(outbox);
		outbox.claim = async (id) => {
			row.participation = "pending";
			return claim(id);
		};
		let paced = 0;
		const outcome = await processDelivery(
			outbox,
			c,
			"back",
			false,
			async () => {
				paced++;
				return undefined;
			},
		);
		expect({ outcome, paced, sent }).toEqual({
			outcome: "sent",
			paced: 1,
			sent: ["back"],
		});
	});
});
