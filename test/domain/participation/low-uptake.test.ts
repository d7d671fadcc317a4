import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lowUptakeNudges } from "../../../src/domain/participation/low-uptake.js";

describe("manager nudges for low uptake", () => {
	const nudges = lowUptakeNudges({
		groups: [
			{ group: "Sales", invited: 40, rate: 25, managers: ["a@x", "b@x"] },
			{ group: "Legal", invited: 30, rate: 45, managers: ["b@x"] },
			{ group: "Tiny", invited: 4, rate: null, managers: ["b@x"] },
			{ group: "Ops", invited: 50, rate: 80, managers: ["c@x"] },
			{ group: "Empty", invited: 0, rate: 0, managers: ["d@x"] },
		],
		organisationPercent: 50,
		thresholdPercent: 50,
		targetPercent: 70,
	});

	it("nudges each manager of a low group once, listing all their low groups", () => {
		expect(nudges).toEqual([
			{
				manager: "a@x",
				groups: [{ name: "Sales", ratePercent: 25 }],
				targetPercent: 70,
				organisationPercent: 50,
			},
			{
				manager: "b@x",
				groups: [
					{ name: "Sales", ratePercent: 25 },
					{ name: "Legal", ratePercent: 45 },
				],
				targetPercent: 70,
				organisationPercent: 50,
			},
		]);
	});

	it("never judges a group too small to show a rate: nudging it would tell its managers about a handful of people", () => {
		expect(nudges.flatMap((n) => n.groups.map((g) => g.name))).not.toContain(
			"Tiny",
		);
	});

	it("holds for any organisation: one nudge per manager, only public rates, nothing at or above the threshold", () => {
		fc.assert(
			fc.property(
				fc
					.array(
						fc.record({
							invited: fc.integer({ min: 0, max: 200 }),
							rate: fc.option(
								fc.integer({ min: 0, max: 20 }).map((r) => r * 5),
							),
							managers: fc.subarray(["m1", "m2", "m3", "m4"]),
						}),
						{ maxLength: 12 },
					)
					.map((gs) => gs.map((g, i) => ({ ...g, group: `G${i}` }))),
				fc.integer({ min: 1, max: 100 }),
				(groups, threshold) => {
					const out = lowUptakeNudges({
						groups,
						organisationPercent: 50,
						thresholdPercent: threshold,
						targetPercent: 70,
					});
					const managers = out.map((n) => n.manager);
					expect(new Set(managers).size).toBe(managers.length);
					for (const n of out)
						for (const shown of n.groups) {
							const g = groups.find((x) => x.group === shown.name);
							if (!g) throw new Error("unknown group");
							expect(g.rate).not.toBeNull();
							expect(shown.ratePercent).toBe(g.rate);
							expect(shown.ratePercent ?? 100).toBeLessThan(threshold);
							expect(g.managers).toContain(n.manager);
						}
				},
			),
		);
	});
});
