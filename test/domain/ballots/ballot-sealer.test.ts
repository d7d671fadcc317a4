import { describe, expect, it } from "vitest";
import { type Ballot, makeBallot } from "../../../src/domain/ballots/ballot.js";
import {
	campaignKeyMatches,
	createBallotOpener,
	generateCampaignKeys,
	sealBallot,
} from "../../../src/domain/ballots/ballot-sealer.js";
import { ephemeralCustody } from "../../../src/keys/ephemeral-custody.js";

const custody = ephemeralCustody();
const otherTally = ephemeralCustody();
const campaignId = "cmp_2026";
const keys = await generateCampaignKeys(custody.serving.wrapper, campaignId);
const unwrap = (id: string, wrapped = keys.wrappedPrivateKey, c = custody) =>
	c.tally.unwrapper.unwrap(id, wrapped);
const open = createBallotOpener(await unwrap(campaignId), keys.publicKey);

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
	it("gives each campaign its own key pair", async () => {
		const other = await generateCampaignKeys(
			custody.serving.wrapper,
			campaignId,
		);
		expect(other.publicKey.equals(keys.publicKey)).toBe(false);
		expect(
			other.wrappedPrivateKey.wrapped.equals(keys.wrappedPrivateKey.wrapped),
		).toBe(false);
	});

	it("names the tally key it is sealed to, and opens to the other half of the public key", async () => {
		expect(keys.wrappedPrivateKey.keyId).toBe(custody.tallyKey.id);
		expect(campaignKeyMatches(await unwrap(campaignId), keys.publicKey)).toBe(
			true,
		);
	});

	it("cannot be unwrapped with another tally key, even one given the same id", async () => {
		await expect(
			unwrap(campaignId, keys.wrappedPrivateKey, otherTally),
		).rejects.toThrow(/not in this process's key set/);
		const sameIdOtherKey = ephemeralCustody();
		const impostor = {
			...keys.wrappedPrivateKey,
			keyId: sameIdOtherKey.tallyKey.id,
		};
		await expect(unwrap(campaignId, impostor, sameIdOtherKey)).rejects.toThrow(
			/does not open/,
		);
	});

	it("cannot be unwrapped with the sealing secret that every serving process holds", async () => {
		const asIfLegacy = { ...keys.wrappedPrivateKey, keyId: "sealing-secret" };
		await expect(unwrap(campaignId, asIfLegacy)).rejects.toThrow(
			/does not open/,
		);
	});

	it("fails to unwrap the private key under a different campaign id", async () => {
		await expect(unwrap("cmp_2027")).rejects.toThrow(/does not open/);
	});

	it("cannot open another campaign's ballots", async () => {
		const other = await generateCampaignKeys(
			custody.serving.wrapper,
			"cmp_other",
		);
		const sealedForOther = sealBallot(other.publicKey, full);
		expect(() => open(sealedForOther)).toThrow();
	});

	it("cannot open ballots when given the wrong campaign public key", async () => {
		const other = await generateCampaignKeys(
			custody.serving.wrapper,
			"cmp_other",
		);
		const wrongOpen = createBallotOpener(
			await unwrap(campaignId),
			other.publicKey,
		);
		expect(campaignKeyMatches(await unwrap(campaignId), other.publicKey)).toBe(
			false,
		);
		expect(() => wrongOpen(sealBallot(keys.publicKey, full))).toThrow();
	});

	it("does not store the private key in the clear", async () => {
		const wrapped = keys.wrappedPrivateKey.wrapped;
		expect(wrapped.includes(pkcs8X25519Prefix)).toBe(false);
		expect(wrapped.includes((await unwrap(campaignId)).subarray(16))).toBe(
			false,
		);
		// ephemeral SPKI (44) + iv (12) + tag (16) + 48-byte PKCS#8 key: an authenticated wrap, not a bare key.
		expect(wrapped.length).toBe(44 + 12 + 16 + 48);
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

	it("rejects a tampered wrapped private key", async () => {
		for (const at of [0, 44, keys.wrappedPrivateKey.wrapped.length - 1]) {
			const tampered = Buffer.from(keys.wrappedPrivateKey.wrapped);
			tampered[at] = (tampered[at] ?? 0) ^ 0x80;
			await expect(
				unwrap(campaignId, {
					keyId: keys.wrappedPrivateKey.keyId,
					wrapped: tampered,
				}),
				`byte ${at}`,
			).rejects.toThrow();
		}
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
