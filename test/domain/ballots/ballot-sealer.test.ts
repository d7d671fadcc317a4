import { describe, expect, it } from "vitest";
import { type Ballot, makeBallot } from "../../../src/domain/ballots/ballot.js";
import {
	createBallotOpener,
	generateCampaignKeys,
	sealBallot,
} from "../../../src/domain/ballots/ballot-sealer.js";

const secret = "a-development-sealing-secret-of-32+chars";
const campaignId = "cmp_2026";
const keys = generateCampaignKeys(secret, campaignId);
const open = createBallotOpener(
	secret,
	campaignId,
	keys.publicKey,
	keys.wrappedPrivateKey,
);

/** DER prefix of an unencrypted PKCS#8 X25519 private key (RFC 8410), followed by the 32 raw bytes. */
const pkcs8X25519Prefix = Buffer.from(
	"302e020100300506032b656e04220420",
	"hex",
);

const full = makeBallot(
	{
		key: "occ_small_business",
		school: "sch_independent_bursary",
		fsm: "fsm_dont_know",
		parents_degree: "pdeg_dont_know",
	},
	"Engineering + Other departments",
	"Senior leadership",
);

describe("makeBallot", () => {
	it("copies the answers so later changes to the input do not leak into the ballot", () => {
		const answers: Record<string, string> = { key: "occ_technical" };
		const b = makeBallot(answers, "Sales", "G5");
		answers.key = "occ_pnts";
		expect(b.answers).toEqual({ key: "occ_technical" });
		expect(Object.keys(b).sort()).toEqual(["answers", "grade", "group"]);
	});
});

describe("sealing and opening", () => {
	it("round-trips answers, group and grade", () => {
		expect(open(sealBallot(keys.publicKey, full))).toEqual(full);
		const minimal = makeBallot({}, "", "");
		expect(open(sealBallot(keys.publicKey, minimal))).toEqual(minimal);
		const unicode = makeBallot(
			{ key: "occ_ltu" },
			"Recherche & Développement ✓",
			"Grade 7/6",
		);
		expect(open(sealBallot(keys.publicKey, unicode))).toEqual(unicode);
	});

	it("opens many ballots with one opener, in any order", () => {
		const ballots = ["occ_professional", "occ_clerical", "occ_routine"].map(
			(id) => makeBallot({ key: id }, "Sales", "G5"),
		);
		const sealed = ballots.map((b) => sealBallot(keys.publicKey, b));
		expect(
			sealed
				.reverse()
				.map(open)
				.map((b) => b.answers.key),
		).toEqual(["occ_routine", "occ_clerical", "occ_professional"]);
	});

	it("gives every sealed ballot the same length whatever it holds", () => {
		const lengths = new Set(
			[
				full,
				makeBallot({}, "", ""),
				makeBallot({ key: "occ_pnts" }, "A", "B"),
				makeBallot(
					{ key: "occ_professional", fsm: "fsm_yes" },
					"Finance",
					"SCS",
				),
			].map((b) => sealBallot(keys.publicKey, b).length),
		);
		expect(lengths.size).toBe(1);
	});

	it("never produces the same ciphertext twice for the same ballot", () => {
		const a = sealBallot(keys.publicKey, full);
		const b = sealBallot(keys.publicKey, full);
		expect(a.equals(b)).toBe(false);
		expect(open(a)).toEqual(open(b));
	});

	it("does not carry answers, group or grade in the clear", () => {
		const sealed = sealBallot(keys.publicKey, full).toString("latin1");
		for (const s of ["occ_small_business", "Engineering", "Senior leadership"])
			expect(sealed).not.toContain(s);
	});

	it("refuses a ballot too large to pad", () => {
		expect(() =>
			sealBallot(
				keys.publicKey,
				makeBallot({ key: "x" }, "g".repeat(600), "G5"),
			),
		).toThrow(/too large/);
	});
});

describe("keys", () => {
	it("gives each campaign its own key pair", () => {
		const other = generateCampaignKeys(secret, campaignId);
		expect(other.publicKey.equals(keys.publicKey)).toBe(false);
		expect(other.wrappedPrivateKey.equals(keys.wrappedPrivateKey)).toBe(false);
	});

	it("fails to unwrap the private key with a wrong sealing secret", () => {
		expect(() =>
			createBallotOpener(
				`${secret}x`,
				campaignId,
				keys.publicKey,
				keys.wrappedPrivateKey,
			),
		).toThrow();
	});

	it("fails to unwrap the private key under a different campaign id", () => {
		expect(() =>
			createBallotOpener(
				secret,
				"cmp_2027",
				keys.publicKey,
				keys.wrappedPrivateKey,
			),
		).toThrow();
	});

	it("cannot open another campaign's ballots", () => {
		const other = generateCampaignKeys(secret, "cmp_other");
		const sealedForOther = sealBallot(other.publicKey, full);
		expect(() => open(sealedForOther)).toThrow();
	});

	it("cannot open ballots when given the wrong campaign public key", () => {
		const other = generateCampaignKeys(secret, "cmp_other");
		const wrongOpen = createBallotOpener(
			secret,
			campaignId,
			other.publicKey,
			keys.wrappedPrivateKey,
		);
		expect(() => wrongOpen(sealBallot(keys.publicKey, full))).toThrow();
	});

	it("does not store the private key in the clear", () => {
		const wrapped = keys.wrappedPrivateKey;
		expect(
			wrapped.subarray(0, pkcs8X25519Prefix.length).equals(pkcs8X25519Prefix),
		).toBe(false);
		expect(wrapped.includes(pkcs8X25519Prefix)).toBe(false);
		// iv (12) + tag (16) + 48-byte PKCS#8 key: an authenticated wrap, not a bare key.
		expect(wrapped.length).toBeGreaterThan(48);
	});

	it("publishes the public key as X25519 SPKI DER", () => {
		expect(keys.publicKey.length).toBe(44);
		expect(keys.publicKey.subarray(0, 12).toString("hex")).toBe(
			"302a300506032b656e032100",
		);
	});
});

describe("tampering", () => {
	it("rejects a ballot with any flipped bit", () => {
		const sealed = sealBallot(keys.publicKey, full);
		for (const at of [0, 43, 44, 60, 80, sealed.length - 1]) {
			const tampered = Buffer.from(sealed);
			tampered[at] = (tampered[at] ?? 0) ^ 0x01;
			expect(() => open(tampered), `byte ${at}`).toThrow();
		}
	});

	it("rejects a truncated or empty ballot", () => {
		const sealed = sealBallot(keys.publicKey, full);
		expect(() => open(sealed.subarray(0, sealed.length - 1))).toThrow();
		expect(() => open(Buffer.alloc(0))).toThrow();
	});

	it("rejects a tampered wrapped private key", () => {
		const tampered = Buffer.from(keys.wrappedPrivateKey);
		const last = tampered.length - 1;
		tampered[last] = (tampered[last] ?? 0) ^ 0x80;
		expect(() =>
			createBallotOpener(secret, campaignId, keys.publicKey, tampered),
		).toThrow();
	});
});

describe("Ballot type", () => {
	it("cannot be forged from a plain object (checked by `npx tsc -p .`, not by vitest)", () => {
		// vitest strips types with esbuild, so the two expect-error directives below are enforced
		// only by the typecheck (`npx tsc -p .`): if Ballot ever stops being branded, an unused
		// directive fails it. A plain object, which could carry a user id, is not a Ballot.
		const withUserId = { answers: {}, group: "x", grade: "y", userId: "U1" };
		const withoutUserId = { answers: {}, group: "x", grade: "y" };
		// @ts-expect-error a plain object is not a Ballot
		const forged: Ballot = withUserId;
		// @ts-expect-error even without the extra field, the brand keeps plain objects out
		const alsoForged: Ballot = withoutUserId;
		// What vitest can check: the only way to get a Ballot builds it from answers, group, grade.
		expect(Object.keys(makeBallot({}, "x", "y")).sort()).toEqual([
			"answers",
			"grade",
			"group",
		]);
		expect([forged, alsoForged]).toHaveLength(2);
	});
});
