const count = (n: number) => n.toLocaleString("en-US");
const people = (n: number) => `${count(n)} ${n === 1 ? "person" : "people"}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** True when a full import would take more than `maxShare` of the active roster off it. */
export function tooMany(
	leaving: number,
	active: number,
	maxShare: number | null,
) {
	return maxShare !== null && leaving > active * maxShare;
}

/** Why a full import is refused: it would take more of the roster off it than allowed. */
export function guardMessage(
	leaving: number,
	active: number,
	maxShare: number | null,
	outcome: "refused" | "would refuse",
): string {
	const share = active === 0 ? 0 : leaving / active;
	return `A full import ${outcome === "refused" ? "was refused" : "would be refused"}: ${people(leaving)} of the ${count(active)} on the roster (${percent(share)}) are not in this CSV and would leave it, more than the ${percent(maxShare ?? 1)} allowed. ${outcome === "refused" ? "Nothing was imported. " : ""}Check that the file is the whole organisation; if it is, run again with --confirm (or --max-deactivate=N%).`;
}
