import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	appendRelease,
	emptyReleaseLedger,
	type ReleaseLedger,
} from "../../../src/domain/disclosure/release-ledger.js";
import { publicParticipation } from "../../../src/domain/participation/public-participation.js";
import {
	computeResponseRates,
	type ResponseRates,
} from "../../../src/domain/participation/response-rates.js";

/** Rates for groups given as [name, invited, responded]. */
function ratesOf(groups: [string, number, number][]): ResponseRates {
	return computeResponseRates(
		groups.flatMap(([group, invited, responded]) => [
			{ group, status: "responded" as const, count: responded },
			{ group, status: "invited" as const, count: invited - responded },
		]),
	);
}

const publish = (
	ledger: ReleaseLedger,
	counts: Record<string, number>,
	k: number,
) =>
	appendRelease(
		ledger,
		{
			id: `r${ledger.releases.length}`,
			kind: "participation",
			tables: [],
			groupsRespondents: counts,
		},
		k,
	);

describe("participation figures beyond the admin", () => {
	const rates = ratesOf([
		["Sales", 40, 9],
		["Legal", 24, 11],
		["Tiny", 8, 3],
	]);

	it("rounds every rate to 5 points and shows no rate for a group under the minimum size", () => {
		const p = publicParticipation({
			rates,
			ledger: emptyReleaseLedger,
			minGroupSize: 10,
			k: 10,
		});
		// 23 of 72 is 31.9%; 9 of 40 is 22.5%; 11 of 24 is 45.8%.
		expect(p.organisationPercent).toBe(30);
		expect(p.groups).toEqual([
			{ name: "Sales", ratePercent: 25, respondents: 9, invited: 40 },
			{ name: "Legal", ratePercent: 45, respondents: 11, invited: 24 },
			{ name: "Tiny", ratePercent: null, respondents: null, invited: 8 },
		]);
		expect(p.counts).toEqual({
			organisation: 23,
			"group:Sales": 9,
			"group:Legal": 11,
		});
		expect(p.held).toEqual([]);
	});

	it("holds a figure that moved by fewer than k since it was last published, so two posts cannot be subtracted", () => {
		const before = publish(
			emptyReleaseLedger,
			{ organisation: 14, "group:Sales": 5, "group:Legal": 1 },
			10,
		);
		const p = publicParticipation({
			rates,
			ledger: before,
			minGroupSize: 10,
			k: 10,
		});
		// Organisation 14 → 23 (9) and Sales 5 → 9 (4) are held; Legal 1 → 11 (10) has moved by k and is shown.
		expect(p.counts).toEqual({
			organisation: 14,
			"group:Sales": 5,
			"group:Legal": 11,
		});
		expect(p.held.sort()).toEqual(["group:Sales", "organisation"]);
		expect(p.organisationPercent).toBe(20); // 14 of 72 is 19.4%
		expect(p.groups[0]?.ratePercent).toBe(15); // 5 of 40 is 12.5%
		expect(p.groups[1]?.ratePercent).toBe(45);
	});

	it("for any growth of answers and any posting schedule, every figure published can be appended to the ledger: none differs from an earlier one by 1 to k − 1", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2, max: 12 }),
				fc.array(fc.integer({ min: 5, max: 60 }), {
					minLength: 1,
					maxLength: 5,
				}),
				fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }), {
					minLength: 1,
					maxLength: 12,
				}),
				(k, sizes, weeks) => {
					const responded = sizes.map(() => 0);
					let ledger = emptyReleaseLedger;
					const seen = new Map<string, number[]>();
					for (const gains of weeks) {
						sizes.forEach((size, i) => {
							responded[i] = Math.min(
								size,
								(responded[i] ?? 0) + (gains[i] ?? 0),
							);
						});
						const p = publicParticipation({
							rates: ratesOf(
								sizes.map((size, i) => [`G${i}`, size, responded[i] ?? 0]),
							),
							ledger,
							minGroupSize: 10,
							k,
						});
						ledger = publish(ledger, p.counts, k);
						for (const [key, count] of Object.entries(p.counts)) {
							for (const earlier of seen.get(key) ?? []) {
								const change = Math.abs(count - earlier);
								expect(change === 0 || change >= k).toBe(true);
							}
							seen.set(key, [...(seen.get(key) ?? []), count]);
						}
						for (const g of p.groups) {
							if (g.invited < 10) expect(g.ratePercent).toBeNull();
							else expect((g.ratePercent ?? -1) % 5).toBe(0);
						}
						expect(p.organisationPercent % 5).toBe(0);
					}
				},
			),
		);
	});
});
