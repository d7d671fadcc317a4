/** Participation state of one invitation (the ledger records who, never what). */
export type ParticipationStatus =
	/** Not yet reached: the invitation is queued, or its delivery is unknown (see the outbox). */
	| "pending"
	| "invited"
	| "responded"
	| "opted_out"
	/** The platform refused the invitation for good (person left, blocked the bot). */
	| "undeliverable"
	/** Nobody could invite them: no platform reaches them (no id, not found, deactivated, a guest) or they left. */
	| "unreachable";

/**
 * Statuses of people the bot could not invite: never in a rate's denominator, so they never pull a rate down or make
 * a group look low (and never trigger a nudge). Counted apart, as "could not be reached".
 */
export const unreachedStatuses: ReadonlySet<ParticipationStatus> = new Set([
	"undeliverable",
	"unreachable",
]);

/** Response counts and rate for one reporting group or the whole organisation. */
export type ResponseRate = {
	name: string;
	/** People reached with an invitation (the denominator): everyone except those who could not be reached. */
	invited: number;
	/** People on the frozen roster the bot could not invite (see `unreachedStatuses`); not in `invited`. */
	unreachable: number;
	responded: number;
	optedOut: number;
	rate: number;
};

/** Overall and per-group response rates, groups in the order first seen. */
export type ResponseRates = { overall: ResponseRate; groups: ResponseRate[] };

function empty(name: string): ResponseRate {
	return {
		name,
		invited: 0,
		unreachable: 0,
		responded: 0,
		optedOut: 0,
		rate: 0,
	};
}

/**
 * Counts invitations by reporting group; the rate is responded / invited (0 when nobody is invited), over the people
 * reached only: those who could not be reached are counted as `unreachable` instead.
 */
export function computeResponseRates(
	rows: Iterable<{
		group: string;
		status: ParticipationStatus;
		count?: number;
	}>,
): ResponseRates {
	const overall = empty("Organisation");
	const groups = new Map<string, ResponseRate>();
	for (const row of rows) {
		const n = row.count ?? 1;
		let g = groups.get(row.group);
		if (!g) {
			g = empty(row.group);
			groups.set(row.group, g);
		}
		for (const r of [g, overall]) {
			if (unreachedStatuses.has(row.status)) {
				r.unreachable += n;
				continue;
			}
			r.invited += n;
			if (row.status === "responded") r.responded += n;
			if (row.status === "opted_out") r.optedOut += n;
		}
	}
	for (const r of [overall, ...groups.values()])
		r.rate = r.invited === 0 ? 0 : r.responded / r.invited;
	return { overall, groups: [...groups.values()] };
}
