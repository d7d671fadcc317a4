import { describe, expect, it } from "vitest";
import {
	buildReportingGroups,
	groupOf,
	mergedGroupName,
	type ReportingGroup,
} from "../../../src/domain/campaigns/reporting-groups.js";

const build = (entries: Record<string, number>, min = 10) =>
	buildReportingGroups(new Map(Object.entries(entries)), min);

const total = (groups: ReportingGroup[]) =>
	groups.reduce((n, g) => n + g.headcount, 0);

describe("buildReportingGroups", () => {
	it("keeps departments at or above the minimum as their own groups, largest first", () => {
		expect(build({ Sales: 10, Engineering: 40, Finance: 25 })).toEqual([
			{ name: "Engineering", departments: ["Engineering"], headcount: 40 },
			{ name: "Finance", departments: ["Finance"], headcount: 25 },
			{ name: "Sales", departments: ["Sales"], headcount: 10 },
		]);
	});

	it("merges small departments into one 'Other departments' group when it is big enough", () => {
		expect(
			build({ Engineering: 40, Legal: 4, Facilities: 3, Comms: 5 }),
		).toEqual([
			{ name: "Engineering", departments: ["Engineering"], headcount: 40 },
			{
				name: mergedGroupName,
				departments: ["Comms", "Facilities", "Legal"],
				headcount: 12,
			},
		]);
		expect(mergedGroupName).toBe("Other departments");
	});

	it("joins a merged group that is still too small to the smallest large group, and says so", () => {
		const groups = build({
			Engineering: 40,
			Finance: 12,
			Sales: 30,
			Legal: 4,
			Comms: 3,
		});
		expect(groups).toEqual([
			{ name: "Engineering", departments: ["Engineering"], headcount: 40 },
			{ name: "Sales", departments: ["Sales"], headcount: 30 },
			{
				name: "Finance + Other departments",
				departments: ["Finance", "Comms", "Legal"],
				headcount: 19,
			},
		]);
		expect(groups.some((g) => g.name === mergedGroupName)).toBe(false);
	});

	it("puts everyone in one group when every department is small", () => {
		expect(build({ A: 3, B: 4, C: 5 })).toEqual([
			{ name: mergedGroupName, departments: ["A", "B", "C"], headcount: 12 },
		]);
		// Even when the whole organisation is below the minimum there is exactly one group.
		expect(build({ A: 3, B: 4 })).toEqual([
			{ name: mergedGroupName, departments: ["A", "B"], headcount: 7 },
		]);
	});

	it("returns no groups for no departments", () => {
		expect(build({})).toEqual([]);
	});

	it("breaks headcount ties by name", () => {
		expect(build({ Zeta: 20, Alpha: 20, Mid: 20 }).map((g) => g.name)).toEqual([
			"Alpha",
			"Mid",
			"Zeta",
		]);
	});

	it("does not change the map it is given", () => {
		const map = new Map([
			["Engineering", 40],
			["Legal", 2],
		]);
		buildReportingGroups(map, 10);
		expect([...map]).toEqual([
			["Engineering", 40],
			["Legal", 2],
		]);
	});

	it("keeps every department in exactly one group and the headcounts add up to the total", () => {
		const cases: [Record<string, number>, number][] = [
			[{ Engineering: 40, Legal: 4, Facilities: 3, Comms: 5 }, 10],
			[{ Engineering: 40, Finance: 12, Sales: 30, Legal: 4, Comms: 3 }, 10],
			[{ A: 1, B: 1, C: 1 }, 10],
			[{ A: 9, B: 10, C: 11, D: 0 }, 10],
			[{ A: 100, B: 50, C: 7, D: 6, E: 5, F: 4 }, 25],
		];
		for (const [entries, min] of cases) {
			const groups = build(entries, min);
			const expectedTotal = Object.values(entries).reduce((a, b) => a + b, 0);
			expect(total(groups)).toBe(expectedTotal);
			const departments = groups.flatMap((g) => g.departments);
			expect([...departments].sort()).toEqual(Object.keys(entries).sort());
			for (const g of groups)
				expect(g.headcount).toBe(
					g.departments.reduce((n, d) => n + (entries[d] ?? 0), 0),
				);
			// Every group meets the minimum unless the whole organisation is below it.
			if (expectedTotal >= min)
				for (const g of groups) expect(g.headcount).toBeGreaterThanOrEqual(min);
		}
	});
});

describe("groupOf", () => {
	it("finds a large department's own group", () => {
		const groups = build({
			Engineering: 40,
			Legal: 4,
			Facilities: 3,
			Comms: 5,
		});
		expect(groupOf(groups, "Engineering")).toBe("Engineering");
	});

	it("finds merged departments in 'Other departments'", () => {
		const groups = build({
			Engineering: 40,
			Legal: 4,
			Facilities: 3,
			Comms: 5,
		});
		for (const d of ["Legal", "Facilities", "Comms"])
			expect(groupOf(groups, d)).toBe(mergedGroupName);
	});

	it("finds departments merged into a large group under the combined name", () => {
		const groups = build({ Engineering: 40, Finance: 12, Legal: 4 });
		expect(groupOf(groups, "Legal")).toBe("Finance + Other departments");
		expect(groupOf(groups, "Finance")).toBe("Finance + Other departments");
		expect(groupOf(groups, "Engineering")).toBe("Engineering");
	});

	it("is exact about department names", () => {
		const groups = build({ Engineering: 40, Legal: 20 });
		expect(groupOf(groups, "Legal")).toBe("Legal");
		expect(groupOf(groups, "legal")).not.toBe("Legal");
	});
});
