import type { ProtectedTable } from "./disclosure-types.js";

/**
 * The append-only record of everything published for a campaign (docs/privacy-tests.md §2.5 Step 6, R8).
 * A later release must not be subtractable from an earlier one: a group is published again only once its
 * respondent count has moved by at least k.
 */

export type ReleaseKind = "participation" | "report";

export type Release = {
	readonly id: string;
	readonly kind: ReleaseKind;
	readonly tables: readonly ProtectedTable[];
	/** Respondents per reporting group at the time of the release: the groups this release publishes. */
	readonly groupsRespondents: Readonly<Record<string, number>>;
};

export type ReleaseLedger = { readonly releases: readonly Release[] };

export const emptyReleaseLedger: ReleaseLedger = Object.freeze({
	releases: Object.freeze([]) as readonly Release[],
});

/** A group the candidate may not publish yet: it moved by 1..k−1 since `since` published it. */
export type RefusedGroup = {
	group: string;
	previous: number;
	now: number;
	since: string;
};

export type ReleaseCheck = { ok: boolean; refused: RefusedGroup[] };

/**
 * R8 (differencing across releases): refuses the candidate when any group it publishes has a respondent count
 * that differs by 1 to k − 1 (either way: joiners or leavers) from the last release *of the same kind* that
 * published that group. Participation and report releases publish different numbers, so each kind is compared
 * with its own history. A group never published before, or unchanged, is fine.
 */
export function canRelease(
	ledger: ReleaseLedger,
	candidate: Release,
	k: number,
): ReleaseCheck {
	const refused: RefusedGroup[] = [];
	for (const [group, now] of Object.entries(candidate.groupsRespondents)) {
		const last = [...ledger.releases]
			.reverse()
			.find((r) => r.kind === candidate.kind && group in r.groupsRespondents);
		if (!last) continue;
		const previous = last.groupsRespondents[group] as number;
		const change = Math.abs(now - previous);
		if (change >= 1 && change < k)
			refused.push({ group, previous, now, since: last.id });
	}
	return { ok: refused.length === 0, refused };
}

/**
 * Returns a new ledger with the release appended; the old ledger is unchanged. Throws when the id is already
 * used or when `canRelease` refuses it.
 */
export function appendRelease(
	ledger: ReleaseLedger,
	release: Release,
	k: number,
): ReleaseLedger {
	if (ledger.releases.some((r) => r.id === release.id))
		throw new RangeError(`release ${release.id} is already in the ledger`);
	const check = canRelease(ledger, release, k);
	if (!check.ok)
		throw new RangeError(
			`release ${release.id} refused: ${check.refused.map((r) => `${r.group} moved from ${r.previous} to ${r.now}`).join("; ")}`,
		);
	return Object.freeze({
		releases: Object.freeze([...ledger.releases, release]),
	});
}
