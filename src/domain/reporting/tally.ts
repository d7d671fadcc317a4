import type { Ballot } from "../ballots/ballot.js";
import type { CrossCell } from "../disclosure/audit-joint.js";
import { catalogue, type QuestionKey } from "../questions/catalogue.js";
import type { SebGroup } from "./campaign-report.js";

/** The three groups of the key question, in display order. */
export const sebGroups: readonly SebGroup[] = [
	"professional",
	"intermediate",
	"working_class",
];

/** Counts of one question's analysis groups (docs/smc-questions.md §1.3, §2), "excluded" not among them. */
export type GroupCounts = Record<string, number>;

/** Everything the report needs from the opened ballots, and nothing else. */
export type Tally = {
	/** Ballots opened. */
	responses: number;
	/** Key-question answers that map to no group (other, don't know, prefer not to say). */
	notClassifiable: number;
	/** Key-question groups by (reporting group, grade); only classified answers. */
	cross: CrossCell[];
	/** Organisation-level counts of each supplementary question's groups. */
	supplementary: Partial<Record<QuestionKey, GroupCounts>>;
};

const supplementaryKeys: readonly QuestionKey[] = [
	"school",
	"fsm",
	"parents_degree",
];

const groupOf = (question: QuestionKey) =>
	new Map(catalogue[question].options.map((o) => [o.id, o.group]));

/**
 * Counts opened ballots one at a time, so a close never holds every ballot at once; counters from several threads
 * merge with `addTally`. A missing or unknown answer counts as not classifiable.
 */
export class TallyCounter {
	private readonly key = groupOf("key");
	private readonly maps = new Map(
		supplementaryKeys.map((q) => [q, groupOf(q)]),
	);
	private readonly cells = new Map<string, CrossCell>();
	private readonly supplementary: Tally["supplementary"] = {};
	private responses = 0;
	private notClassifiable = 0;

	add(b: Ballot): void {
		this.responses += 1;
		const group = this.key.get(b.answers.key ?? "");
		if (group && (sebGroups as readonly string[]).includes(group))
			this.countCell(b.group, b.grade, group, 1);
		else this.notClassifiable += 1;
		for (const q of supplementaryKeys) {
			const answer = b.answers[q];
			if (answer === undefined) continue;
			const g = this.maps.get(q)?.get(answer);
			if (!g || g === "excluded") continue;
			this.countSupplementary(q, g, 1);
		}
	}

	/** Adds another counter's result (a thread's share of the pool). */
	addTally(t: Tally): void {
		this.responses += t.responses;
		this.notClassifiable += t.notClassifiable;
		for (const cell of t.cross)
			for (const [group, n] of Object.entries(cell.counts))
				this.countCell(cell.a, cell.b, group, n);
		for (const [q, counts] of Object.entries(t.supplementary))
			for (const [g, n] of Object.entries(counts ?? {}))
				this.countSupplementary(q as QuestionKey, g, n);
	}

	result(): Tally {
		return {
			responses: this.responses,
			notClassifiable: this.notClassifiable,
			cross: [...this.cells.values()],
			supplementary: this.supplementary,
		};
	}

	private countCell(a: string, b: string, group: string, n: number): void {
		const id = `${a}\u0000${b}`;
		let cell = this.cells.get(id);
		if (!cell) {
			cell = { a, b, counts: Object.fromEntries(sebGroups.map((g) => [g, 0])) };
			this.cells.set(id, cell);
		}
		cell.counts[group] = (cell.counts[group] ?? 0) + n;
	}

	private countSupplementary(q: QuestionKey, g: string, n: number): void {
		const counts = this.supplementary[q] ?? {};
		counts[g] = (counts[g] ?? 0) + n;
		this.supplementary[q] = counts;
	}
}

/** Tallies opened ballots; a missing or unknown answer counts as not classifiable. */
export function tallyBallots(ballots: Iterable<Ballot>): Tally {
	const counter = new TallyCounter();
	for (const b of ballots) counter.add(b);
	return counter.result();
}
