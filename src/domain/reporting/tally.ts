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

const groupOf = (question: QuestionKey) =>
	new Map(catalogue[question].options.map((o) => [o.id, o.group]));

/** Tallies opened ballots; a missing or unknown answer counts as not classifiable. */
export function tallyBallots(ballots: Iterable<Ballot>): Tally {
	const key = groupOf("key");
	const supplementaryKeys: QuestionKey[] = ["school", "fsm", "parents_degree"];
	const maps = new Map(supplementaryKeys.map((q) => [q, groupOf(q)]));
	const cells = new Map<string, CrossCell>();
	const supplementary: Tally["supplementary"] = {};
	let responses = 0;
	let notClassifiable = 0;
	for (const b of ballots) {
		responses += 1;
		const group = key.get(b.answers.key ?? "");
		if (group && (sebGroups as readonly string[]).includes(group)) {
			const id = `${b.group}\u0000${b.grade}`;
			let cell = cells.get(id);
			if (!cell) {
				cell = {
					a: b.group,
					b: b.grade,
					counts: Object.fromEntries(sebGroups.map((g) => [g, 0])),
				};
				cells.set(id, cell);
			}
			cell.counts[group] = (cell.counts[group] ?? 0) + 1;
		} else notClassifiable += 1;
		for (const q of supplementaryKeys) {
			const answer = b.answers[q];
			if (answer === undefined) continue;
			const g = maps.get(q)?.get(answer);
			if (!g || g === "excluded") continue;
			const counts = supplementary[q] ?? {};
			counts[g] = (counts[g] ?? 0) + 1;
			supplementary[q] = counts;
		}
	}
	return {
		responses,
		notClassifiable,
		cross: [...cells.values()],
		supplementary,
	};
}
