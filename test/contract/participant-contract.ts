import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/messages.js";

/** Who acts: a person on the roster (by index; each case uses its own), or someone who is not on it. */
export type Actor = number | "outsider";

/** What a participant result looks like to the person, as their platform drew it. */
export type Shown = {
	/** The result it is, told from what the person sees (`ParticipantResult["kind"]`), or "nothing". */
	kind: string;
	/** The question inputs shown (`q_<question>`), if any. */
	questions: string[];
	/** Everything drawn, as JSON: for leak checks. */
	content: string;
};

/**
 * One platform's employee side, set up against a real census (PostgreSQL, Redis) with one campaign open, asking
 * `key` and `fsm`, with enough people invited for every case below.
 */
export type ParticipantHarness = {
	/** The open campaign. */
	campaignId: string;
	/** Clicks Answer on a message naming `campaignId` (default: the person's invitation to the open campaign). */
	open(who: Actor, campaignId?: string): Promise<Shown>;
	/** Sends these option ids (`q_<question>` → option id) from the questions of `campaignId` (default: the open one). */
	submit(
		who: Actor,
		inputs: Record<string, string>,
		campaignId?: string,
	): Promise<Shown>;
	/** Clicks Don't remind me on a message naming `campaignId` (default: the person's invitation). */
	optOut(who: Actor, campaignId?: string): Promise<Shown>;
	/** The person's participation status in the open campaign, from the database. */
	statusOf(who: number): Promise<string | null>;
	/** Sealed ballots stored for the open campaign. */
	ballots(): Promise<number>;
	/** Participation rows of the open campaign. */
	participationRows(): Promise<number>;
	/** The person leaves the roster (`employee.active = false`) while the campaign is open. */
	deactivate(who: number): Promise<void>;
	/** Every log line so far. */
	logs(): string;
	close(): Promise<void>;
};

/** Every `text` string in a drawn reply (Slack blocks and views, Adaptive Card elements), in order. */
export function textsOf(v: unknown): string[] {
	if (Array.isArray(v)) return v.flatMap(textsOf);
	if (v && typeof v === "object")
		return Object.entries(v).flatMap(([k, x]) =>
			typeof x === "string" ? (k === "text" ? [x] : []) : textsOf(x),
		);
	return [];
}

/** The result a drawn reply stands for, told from its words and whether it shows questions. */
export function shownFrom(texts: string[], questions: string[]): Shown {
	const all = texts.join("\n");
	const has = (s: string) => all.includes(s);
	const kind =
		questions.length > 0
			? has(text.invalidAnswer)
				? "invalid-answer"
				: has(text.busy)
					? "busy"
					: "questions"
			: has(text.thanks)
				? "thanks"
				: has(text.alreadyAnswered)
					? "already-answered"
					: has(text.notInvited)
						? "not-invited"
						: has(text.closed)
							? "closed"
							: has(text.optedOut)
								? "opted-out"
								: has(text.invalidAnswer)
									? "invalid-answer"
									: has(text.busy)
										? "busy"
										: /reference [0-9a-f]{8}/.test(all)
											? "error"
											: "nothing";
	return { kind, questions, content: all };
}

const unknownCampaign = "00000000-0000-4000-8000-00000000dead";

/**
 * What an employee's action leads to, the same on every platform (the participant core): each platform only
 * parses its payload and draws the result. Not in the contract: the layout, the overload path (each platform's
 * own tests drive it) and App Home (Slack only).
 */
export function describeParticipantContract(
	name: string,
	makeHarness: () => Promise<ParticipantHarness>,
): void {
	describe(`participant contract: ${name}`, () => {
		let h: ParticipantHarness;
		beforeAll(async () => {
			h = await makeHarness();
		}, 120_000);
		afterAll(async () => {
			await h?.close();
		});

		it("1. Answer shows the campaign's questions", async () => {
			const shown = await h.open(0);
			expect(shown.kind).toBe("questions");
			expect(shown.questions).toEqual(["q_key", "q_fsm"]);
		});

		it("2. records an answer once, thanks without repeating it, and says it is answered after that", async () => {
			const before = await h.ballots();
			const thanks = await h.submit(1, { q_key: "occ_routine" });
			expect(thanks.kind).toBe("thanks");
			expect(thanks.content).not.toContain("occ_routine");
			expect(await h.statusOf(1)).toBe("responded");
			expect((await h.submit(1, { q_key: "occ_manager" })).kind).toBe(
				"already-answered",
			);
			expect((await h.open(1)).kind).toBe("already-answered");
			expect(await h.ballots()).toBe(before + 1);
		});

		it("3. Don't remind me opts out, and the person can still answer", async () => {
			expect((await h.optOut(2)).kind).toBe("opted-out");
			expect(await h.statusOf(2)).toBe("opted_out");
			expect((await h.open(2)).kind).toBe("questions");
			expect((await h.submit(2, { q_key: "occ_clerical" })).kind).toBe(
				"thanks",
			);
			expect(await h.statusOf(2)).toBe("responded");
		});

		it("4. Don't remind me after answering changes nothing, and says it is answered", async () => {
			expect((await h.submit(3, { q_key: "occ_pnts" })).kind).toBe("thanks");
			expect((await h.optOut(3)).kind).toBe("already-answered");
			expect(await h.statusOf(3)).toBe("responded");
		});

		it("5. an option id that is not the question's shows the questions again with the problem; nothing stored", async () => {
			const before = await h.ballots();
			const shown = await h.submit(4, { q_key: "occ_made_up" });
			expect(shown.kind).toBe("invalid-answer");
			expect(await h.ballots()).toBe(before);
			expect(await h.statusOf(4)).not.toBe("responded");
		});

		it("6. someone not on the roster is not invited, whatever they click, and nothing is recorded for them", async () => {
			const ballots = await h.ballots();
			const rows = await h.participationRows();
			expect((await h.open("outsider")).kind).toBe("not-invited");
			expect((await h.submit("outsider", { q_key: "occ_routine" })).kind).toBe(
				"not-invited",
			);
			expect((await h.optOut("outsider")).kind).toBe("not-invited");
			expect(await h.ballots()).toBe(ballots);
			expect(await h.participationRows()).toBe(rows);
		});

		it("7. someone deactivated on the roster is not invited any more, and nothing is recorded for them", async () => {
			const ballots = await h.ballots();
			const status = await h.statusOf(5);
			await h.deactivate(5);
			expect((await h.open(5)).kind).toBe("not-invited");
			expect((await h.submit(5, { q_key: "occ_routine" })).kind).toBe(
				"not-invited",
			);
			expect((await h.optOut(5)).kind).toBe("not-invited");
			expect(await h.ballots()).toBe(ballots);
			expect(await h.statusOf(5)).toBe(status);
		});

		it("8. a message of a campaign that is not open says it has closed, though another census is open", async () => {
			expect((await h.open(6, unknownCampaign)).kind).toBe("closed");
			expect(
				(await h.submit(6, { q_key: "occ_routine" }, unknownCampaign)).kind,
			).toBe("closed");
			expect((await h.optOut(6, unknownCampaign)).kind).toBe("closed");
			expect(await h.statusOf(6)).not.toBe("responded");
			expect(await h.statusOf(6)).not.toBe("opted_out");
		});

		it("9. never logs a chosen option", () => {
			for (const option of ["occ_routine", "occ_clerical", "occ_pnts"])
				expect(h.logs()).not.toContain(option);
		});
	});
}
