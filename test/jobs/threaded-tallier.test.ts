import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeBallot } from "../../src/domain/ballots/ballot.js";
import { sealBallot } from "../../src/domain/ballots/ballot-sealer.js";
import { tallyInThisThread } from "../../src/domain/ballots/ballot-tallier.js";
import { catalogue } from "../../src/domain/questions/catalogue.js";
import { type Tally, tallyBallots } from "../../src/domain/reporting/tally.js";
import { threadedTallier } from "../../src/jobs/threaded-tallier.js";

function campaignKey() {
	const { publicKey, privateKey } = generateKeyPairSync("x25519");
	return {
		publicKey: publicKey.export({ type: "spki", format: "der" }),
		privateKey: privateKey.export({ type: "pkcs8", format: "der" }),
	};
}

/** Ballots with every key-question option, some supplementary answers, over a few groups and grades. */
function someBallots(n: number) {
	const keyOptions = catalogue.key.options.map((o) => o.id);
	const fsm = catalogue.fsm.options.map((o) => o.id);
	return Array.from({ length: n }, (_, i) =>
		makeBallot(
			{
				key: keyOptions[i % keyOptions.length] as string,
				...(i % 3 === 0 ? { fsm: fsm[i % fsm.length] as string } : {}),
			},
			`Dept ${i % 7}`,
			`G${i % 4}`,
		),
	);
}

async function* pagesOf<T>(items: T[], size: number): AsyncGenerator<T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** A tally with its cells in a fixed order, to compare tallies made in different orders. */
const canonical = (t: Tally) => ({
	...t,
	cross: [...t.cross].sort((x, y) =>
		`${x.a}\u0000${x.b}`.localeCompare(`${y.a}\u0000${y.b}`),
	),
});

describe("threaded tallier", () => {
	const key = campaignKey();
	const ballots = someBallots(300);
	const sealed = ballots.map((b) => sealBallot(key.publicKey, b));

	it("counts exactly what a one-thread tally of the plain ballots counts, whatever the page size", async () => {
		const expected = canonical(tallyBallots(ballots));
		expect(expected.responses).toBe(300);
		for (const pageSize of [1, 37, 300]) {
			const threaded = await threadedTallier(3)(
				{ ...key },
				pagesOf([...sealed], pageSize),
			);
			expect(canonical(threaded)).toEqual(expected);
		}
		const here = await tallyInThisThread({ ...key }, pagesOf([...sealed], 50));
		expect(canonical(here)).toEqual(expected);
	}, 60_000);

	it("fails the tally, without hanging, when a thread cannot open a ballot", async () => {
		const broken: Buffer[] = [...sealed];
		broken[260] = Buffer.concat([
			(broken[260] as Buffer).subarray(0, 100),
			Buffer.alloc(40),
		]);
		await expect(
			threadedTallier(2)({ ...key }, pagesOf(broken, 25)),
		).rejects.toThrow();
	}, 60_000);

	it("with another campaign's key, opens nothing", async () => {
		await expect(
			threadedTallier(2)(
				{ ...campaignKey(), publicKey: key.publicKey },
				pagesOf([...sealed], 100),
			),
		).rejects.toThrow();
	}, 60_000);
});
