import { describe, expect, it } from "vitest";
import { deliveryStall } from "../../../src/domain/deliveries/delivery-stall.js";

const now = new Date("2026-12-05T10:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("deliveryStall", () => {
	it("is no stall when nothing is due", () => {
		expect(
			deliveryStall(
				{ due: 0, oldestDueAt: null, lastSettledAt: ago(3600) },
				now,
				110_000,
			),
		).toBeNull();
	});

	it("is no stall while deliveries keep settling, however long the backlog has waited", () => {
		expect(
			deliveryStall(
				{ due: 1500, oldestDueAt: ago(3600), lastSettledAt: ago(2) },
				now,
				110_000,
			),
		).toBeNull();
	});

	it("is a stall when none has settled for longer than the limit while some are due", () => {
		expect(
			deliveryStall(
				{ due: 11, oldestDueAt: ago(900), lastSettledAt: ago(300) },
				now,
				110_000,
			),
		).toEqual({ due: 11, stuckMs: 300_000, oldestWaitMs: 900_000 });
	});

	it("counts from when the oldest became due if that was after the last settled delivery", () => {
		const p = { due: 3, oldestDueAt: ago(100), lastSettledAt: ago(86_400) };
		expect(deliveryStall(p, now, 110_000)).toBeNull();
		expect(deliveryStall(p, now, 90_000)).toEqual({
			due: 3,
			stuckMs: 100_000,
			oldestWaitMs: 100_000,
		});
		expect(
			deliveryStall({ ...p, lastSettledAt: null }, now, 90_000)?.stuckMs,
		).toBe(100_000);
	});
});
