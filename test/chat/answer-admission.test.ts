import { describe, expect, it } from "vitest";
import { AnswerAdmission } from "../../src/chat/answer-admission.js";

describe("answer admission (load shedding before the write)", () => {
	it("admits up to maxInFlight answers at once and frees a slot on release", () => {
		let now = 1000;
		const gate = new AnswerAdmission(
			{ maxInFlight: 2, maxWaitMs: 500, commitWithinMs: 800 },
			() => now,
		);
		const a = gate.enter(now);
		const b = gate.enter(now);
		expect(a).not.toBeNull();
		expect(b).not.toBeNull();
		expect(gate.enter(now)).toBeNull();
		a?.release();
		a?.release(); // a second release frees nothing more
		expect(gate.active).toBe(1);
		const c = gate.enter(now);
		expect(c).not.toBeNull();
		expect(gate.enter(now)).toBeNull();
		expect(gate.refused).toBe(2);
		now += 1;
		b?.release();
		c?.release();
		expect(gate.active).toBe(0);
	});

	it("refuses a request that already waited too long, and says when an admitted one has run out of time", () => {
		let now = 10_000;
		const gate = new AnswerAdmission(
			{ maxInFlight: 10, maxWaitMs: 500, commitWithinMs: 800 },
			() => now,
		);
		expect(gate.enter(now - 501)).toBeNull();
		const ticket = gate.enter(now - 400);
		expect(ticket?.inTime()).toBe(true);
		now += 100;
		expect(ticket?.inTime()).toBe(true);
		now += 1;
		expect(ticket?.inTime()).toBe(false);
		ticket?.release();
		expect(gate.active).toBe(0);
	});

	it("gives an admitted answer the time by which its write must have finished, counted from the request's arrival", () => {
		const gate = new AnswerAdmission(
			{ maxInFlight: 10, maxWaitMs: 500, commitWithinMs: 800 },
			() => 10_000,
		);
		expect(gate.enter(9_700)?.commitBy).toBe(10_500);
	});
});
