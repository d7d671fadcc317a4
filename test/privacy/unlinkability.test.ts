import { beforeAll, describe, expect, it } from "vitest";
import {
	evaluateLinkage,
	type LinkageFigures,
} from "./linkage/evaluate-linkage.js";
import { runLinkageDrive } from "./linkage/linkage-drive.js";

// The reduced P1 (privacy-reliability.md §7.1): the full one is `npm run test:privacy`.
describe("P1 full-dump linkage attack (reduced)", () => {
	let figures: LinkageFigures;

	beforeAll(async () => {
		figures = evaluateLinkage(
			await runLinkageDrive({ size: 140, dumps: 12, seed: 5 }),
		);
	}, 120_000);

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

	it("(P4) leaves one transaction id across the pool right after each shuffle", () => {
		expect(figures.xminsAfterShuffle.length).toBeGreaterThan(0);
		for (const d of figures.xminsAfterShuffle)
			expect(d.distinct, `after ${d.afterSubmissions}`).toBe(1);
	});
});
