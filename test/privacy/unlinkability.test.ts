import { beforeAll, describe, expect, it } from "vitest";
import {
	batchIsMixed,
	evaluateLinkage,
	type LinkageFigures,
} from "./linkage/evaluate-linkage.js";
import { canaryHits } from "./linkage/linkage-attacks.js";
import { type LinkageDrive, runLinkageDrive } from "./linkage/linkage-drive.js";

// The reduced P1 (docs/privacy-tests.md §7.1): the full one is `npm run test:privacy`.
describe("P1 full-dump linkage attack (reduced)", () => {
	let figures: LinkageFigures;
	let drive: LinkageDrive;

	beforeAll(async () => {
		drive = await runLinkageDrive({ size: 240, dumps: 12, seed: 5 });
		figures = evaluateLinkage(drive);
	}, 120_000);

	it("has a canary that does find an answer or a person where one is planted (positive control)", () => {
		const dump = drive.dumps[0];
		if (!dump) throw new Error("no dump");
		const person = drive.roster[1];
		if (!person) throw new Error("no roster");
		const planted: LinkageDrive = {
			...drive,
			dumps: [
				{
					...dump,
					logs: `${dump.logs}\n{"msg":"recorded","choice":"occ_routine"}`,
					redis: {
						...dump.redis,
						"bull:x:1": JSON.stringify({ data: { answer: "fsm_yes" } }),
					},
					rows: {
						...dump.rows,
						sealed_ballot: [{ id: person.employeeId, sealed: Buffer.alloc(1) }],
					},
				},
			],
		};
		const hits = canaryHits(planted);
		expect(
			hits.some((h) => h.startsWith("logs@") && h.includes("occ_routine")),
		).toBe(true);
		expect(
			hits.some((h) => h.startsWith("redis") && h.includes("fsm_yes")),
		).toBe(true);
		expect(
			hits.some(
				(h) => h.startsWith("sealed_ballot@") && h.includes(person.employeeId),
			),
		).toBe(true);
	});

	it("drove enough respondents through enough dumps to mean something", () => {
		expect(figures.respondents).toBeGreaterThan(80);
		expect(figures.dumps).toBeGreaterThanOrEqual(10);
		for (const score of Object.values(figures.attacks))
			expect(score.trials).toBeGreaterThanOrEqual(0);
		expect(figures.attacks.xmin?.trials).toBeGreaterThan(200);
	});

	it("has attacks that do link ballots where nothing protects the order (positive control on the unshuffled tail)", () => {
		expect(figures.tailControl.trials).toBeGreaterThan(10);
		expect(figures.tailControl.rate).toBeGreaterThan(0.5);
	});

	it("(a, P2) reads no answer and finds no identifier on the answer side, anywhere in any dump", () => {
		expect(figures.contentLinkage).toEqual([]);
	});

	it("(b) links shuffled ballots to people no better than 1 in m by xmin, order, id, time or differencing", () => {
		for (const [name, score] of Object.entries(figures.attacks)) {
			expect(score.rate, name).toBeLessThanOrEqual(1 / figures.shuffleSize);
		}
		expect(figures.bestWilsonUpper).toBeLessThanOrEqual(0.15);
	});

	it("(c, d) after close keeps only numbers resting on at least k answers, and gives no advantage over the report", () => {
		expect(figures.storedCountersBelowK).toEqual([]);
		expect(Math.abs(figures.advantagePp)).toBeLessThanOrEqual(2);
	});

	it("(P4) leaves no unshuffled tail right after each shuffle, and mixes it into one transaction id with the whole pool or at least (MIX_FACTOR + 1)·m rows", () => {
		expect(figures.batchesAfterShuffle.length).toBeGreaterThan(0);
		for (const b of figures.batchesAfterShuffle)
			expect(
				batchIsMixed(b, figures.shuffleSize),
				`after ${b.afterSubmissions}: ${JSON.stringify(b)}`,
			).toBe(true);
	});
});
