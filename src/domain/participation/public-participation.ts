import {
	canRelease,
	type Release,
	type ReleaseLedger,
} from "../disclosure/release-ledger.js";
import { roundPercent } from "../disclosure/round-percent.js";
import type { ResponseRates } from "./response-rates.js";

/** The ledger key of the organisation's figure; groups are `group:<name>`, as in report releases. */
export const organisationKey = "organisation";
export const groupKey = (name: string): string => `group:${name}`;

/** Participation figures are rounded to this many points wherever more than the admin can see them. */
export const participationStep = 5;

/** One reporting group as it may be shown beyond the admin. */
export type PublicGroupRate = {
	name: string;
	/** Rounded to 5 points; null when fewer than the minimum group size were invited (no rate is shown). */
	ratePercent: number | null;
	/** The respondent count the rate was computed from (held at the last published count; see below); null with no rate. */
	respondents: number | null;
	invited: number;
};

/** Participation as it may be shown beyond the admin: in a channel, to managers, in a leadership post. */
export type PublicParticipation = {
	organisationPercent: number;
	groups: PublicGroupRate[];
	/** Respondents behind every figure above, keyed for the release ledger: what a release of them records. */
	counts: Record<string, number>;
	/** Keys of the figures shown at their last published count, because they moved by fewer than k since. */
	held: string[];
};

/**
 * The participation figures that may be published now, given every earlier participation release of the campaign
 * (progress posts, manager nudges, status in a channel), under the same rules as results:
 * - rates are rounded to 5 points;
 * - a group with fewer than `minGroupSize` invited gets no rate at all;
 * - no figure can be subtracted from an earlier one to show a change of 1 to k − 1 respondents: a figure that moved
 *   by less than k since it was last published (R8, `canRelease`) is shown at its last published count instead,
 *   until it has moved by at least k. Respondent counts only grow, so a held figure catches up later.
 * The result's `counts` always pass `canRelease` against `ledger`.
 */
export function publicParticipation(input: {
	rates: ResponseRates;
	ledger: ReleaseLedger;
	minGroupSize: number;
	k: number;
}): PublicParticipation {
	const { rates, ledger, k } = input;
	const shown = rates.groups.filter(
		(g) => g.invited > 0 && g.invited >= input.minGroupSize,
	);
	const candidate: Record<string, number> = {
		[organisationKey]: rates.overall.responded,
	};
	for (const g of shown) candidate[groupKey(g.name)] = g.responded;
	const release: Release = {
		id: "candidate",
		kind: "participation",
		tables: [],
		groupsRespondents: candidate,
	};
	const counts = { ...candidate };
	const held: string[] = [];
	for (const refused of canRelease(ledger, release, k).refused) {
		counts[refused.group] = refused.previous;
		held.push(refused.group);
	}
	const rate = (respondents: number, invited: number) =>
		invited === 0 ? 0 : roundPercent(respondents, invited, participationStep);
	return {
		organisationPercent: rate(
			counts[organisationKey] ?? 0,
			rates.overall.invited,
		),
		groups: rates.groups.map((g) => {
			const key = groupKey(g.name);
			const respondents = counts[key];
			return respondents === undefined
				? {
						name: g.name,
						ratePercent: null,
						respondents: null,
						invited: g.invited,
					}
				: {
						name: g.name,
						ratePercent: rate(respondents, g.invited),
						respondents,
						invited: g.invited,
					};
		}),
		counts,
		held,
	};
}

/** The subset of `counts` under `keys`: what a release that shows only those figures records. */
export function countsFor(
	counts: Record<string, number>,
	keys: Iterable<string>,
): Record<string, number> {
	const out: Record<string, number> = {};
	for (const key of keys) if (key in counts) out[key] = counts[key] as number;
	return out;
}
