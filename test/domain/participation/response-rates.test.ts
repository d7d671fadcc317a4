import { describe, expect, it } from "vitest";
import {
	computeResponseRates,
	type ParticipationStatus,
} from "../../../src/domain/participation/response-rates.js";

const row = (group: string, status: ParticipationStatus, count?: number) =>
	count === undefined ? { group, status } : { group, status, count };

describe("computeResponseRates", () => {
	it("is all zeros, with no groups, for no rows", () => {
		expect(computeResponseRates([])).toEqual({
			overall: {
				name: "Organisation",
				invited: 0,
				unreachable: 0,
				responded: 0,
				optedOut: 0,
				rate: 0,
			},
			groups: [],
		});
	});

	it("counts one person per row when no count is given", () => {
		const r = computeResponseRates([
			row("Sales", "responded"),
			row("Sales", "invited"),
			row("Sales", "opted_out"),
			row("Sales", "responded"),
		]);
		expect(r.groups).toEqual([
			{
				name: "Sales",
				invited: 4,
				unreachable: 0,
				responded: 2,
				optedOut: 1,
				rate: 0.5,
			},
		]);
		expect(r.overall).toEqual({
			name: "Organisation",
			invited: 4,
			unreachable: 0,
			responded: 2,
			optedOut: 1,
			rate: 0.5,
		});
	});

	it("adds up grouped counts, as the store returns them", () => {
		const r = computeResponseRates([
			row("Engineering", "responded", 30),
			row("Engineering", "invited", 10),
			row("Finance", "responded", 5),
			row("Finance", "opted_out", 3),
			row("Finance", "pending", 12),
		]);
		expect(r.groups).toEqual([
			{
				name: "Engineering",
				invited: 40,
				unreachable: 0,
				responded: 30,
				optedOut: 0,
				rate: 0.75,
			},
			{
				name: "Finance",
				invited: 20,
				unreachable: 0,
				responded: 5,
				optedOut: 3,
				rate: 0.25,
			},
		]);
		expect(r.overall).toMatchObject({
			invited: 60,
			responded: 35,
			optedOut: 3,
		});
		expect(r.overall.rate).toBeCloseTo(35 / 60, 12);
	});

	it("counts everyone reached as invited, and the people who could not be reached apart", () => {
		const statuses: ParticipationStatus[] = [
			"pending",
			"invited",
			"responded",
			"opted_out",
			"undeliverable",
			"unreachable",
		];
		const r = computeResponseRates(statuses.map((s) => row("Ops", s, 2)));
		expect(r.overall).toEqual({
			name: "Organisation",
			invited: 8,
			unreachable: 4,
			responded: 2,
			optedOut: 2,
			rate: 2 / 8,
		});
	});

	it("never lets the unreachable pull a group's rate down", () => {
		const r = computeResponseRates([
			row("Sales", "responded", 6),
			row("Sales", "invited", 4),
			row("Sales", "unreachable", 126),
		]);
		expect(r.groups[0]).toMatchObject({
			invited: 10,
			unreachable: 126,
			rate: 0.6,
		});
		expect(r.overall.rate).toBe(0.6);
	});

	it("lists groups in the order first seen, merging repeated rows", () => {
		const r = computeResponseRates([
			row("Zeta", "invited"),
			row("Alpha", "responded"),
			row("Zeta", "responded"),
			row("Mid", "pending"),
			row("Alpha", "invited"),
		]);
		expect(r.groups.map((g) => [g.name, g.invited, g.responded])).toEqual([
			["Zeta", 2, 1],
			["Alpha", 2, 1],
			["Mid", 1, 0],
		]);
	});

	it("gives a group with nobody counted a rate of 0, not NaN", () => {
		const r = computeResponseRates([
			row("Empty", "invited", 0),
			row("Sales", "responded", 4),
		]);
		expect(r.groups[0]).toEqual({
			name: "Empty",
			invited: 0,
			unreachable: 0,
			responded: 0,
			optedOut: 0,
			rate: 0,
		});
		expect(r.overall.rate).toBe(1);
	});

	it("keeps the overall totals equal to the sum of the groups", () => {
		const rows = [
			row("A", "responded", 7),
			row("B", "opted_out", 2),
			row("C", "undeliverable", 1),
			row("A", "pending", 3),
			row("B", "responded", 9),
		];
		const r = computeResponseRates(rows);
		for (const field of [
			"invited",
			"unreachable",
			"responded",
			"optedOut",
		] as const)
			expect(r.overall[field]).toBe(r.groups.reduce((n, g) => n + g[field], 0));
		for (const g of [r.overall, ...r.groups]) {
			expect(g.rate).toBeGreaterThanOrEqual(0);
			expect(g.rate).toBeLessThanOrEqual(1);
		}
	});

	it("accepts any iterable, such as a generator", () => {
		function* rows() {
			yield row("A", "responded");
			yield row("A", "invited");
		}
		expect(computeResponseRates(rows()).overall.rate).toBe(0.5);
	});

	it("does not share state between calls", () => {
		computeResponseRates([row("A", "responded", 5)]);
		expect(
			computeResponseRates([row("A", "invited", 5)]).overall,
		).toMatchObject({
			invited: 5,
			responded: 0,
		});
	});
});
