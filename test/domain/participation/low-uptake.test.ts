import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lowUptakeNudges } from "../../../src/domain/participation/low-uptake.js";

describe("manager nudges for low uptake", () => {
	const nudges = lowUptakeNudges({
		groups: [
			{ group: "Sales", invited: 40, responded: 9, managers: ["a@x", "b@x"] },
			{ group: "Legal", invited: 4, responded: 0, managers: ["b@x"] },
			{ group: "Ops", invited: 50, responded: 40, managers: ["c@x"] },
			{ group: "Empty", invited: 0, responded: 0, managers: ["d@x"] },
		],
		organisation: { invited: 94, responded: 49 },
		thresholdPercent: 50,
		targetPercent: 70,
	});

	it("nudges each manager of a low group once, listing all their low groups", () => {
		expect(nudges).toEqual([
			{
				manager: "a@x",
				groups: [{ name: "Sales", ratePercent: 25 }],
				targetPercent: 70,
				organisationPercent: 52,
			},
			{
				manager: "b@x",
				groups: [
					{ name: "Sales", ratePercent: 25 },
					{ name: "Legal", ratePercent: null },
				],
				targetPercent: 70,
				organisationPercent: 52,
			},
		]);
	});

	it("holds for any organisation: one nudge per manager, no rate under 5 people, nothing at or above the threshold", () => {
		fc.assert(
			fc.property(
				fc
					.array(
						fc.record({
							invited: fc.integer({ min: 0, max: 200 }),
							share: fc.double({ min: 0, max: 1, noNaN: true }),
							managers: fc.subarray(["m1", "m2", "m3", "m4"]),
						}),
						{ maxLength: 12 },
					)
					.map((gs) =>
						gs.map((g, i) => ({
							group: `G${i}`,
							invited: g.invited,
							responded: Math.floor(g.invited * g.share),
							managers: g.managers,
						})),
					),
				fc.integer({ min: 1, max: 100 }),
				(groups, threshold) => {
					const out = lowUptakeNudges({
						groups,
						organisation: { invited: 100, responded: 50 },
						thresholdPercent: threshold,
						targetPercent: 70,
					});
					const managers = out.map((n) => n.manager);
					expect(new Set(managers).size).toBe(managers.length);
					for (const n of out)
						for (const shown of n.groups) {
							const g = groups.find((x) => x.group === shown.name);
							if (!g) throw new Error("unknown group");
							expect((100 * g.responded) / g.invited).toBeLessThan(threshold);
							expect(g.managers).toContain(n.manager);
							if (g.invited < 5) expect(shown.ratePercent).toBeNull();
							else expect((shown.ratePercent ?? 1) % 5).toBe(0);
						}
				},
			),
		);
	});
});
