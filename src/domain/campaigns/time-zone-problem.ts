/**
 * Which time zone names are accepted: IANA names only (`Europe/London`, `UTC`). Abbreviations are refused because
 * the runtime reads them as something else (`BST` as Asia/Dhaka, `IST` as Asia/Kolkata, `GMT` as UTC all year).
 */

/** Suggestions for abbreviations people write instead of a zone name (GMT: UTC too, for no summer time). */
const suggestions: Readonly<Record<string, readonly string[]>> = {
	BST: ["Europe/London"],
	GMT: ["Europe/London"],
	WET: ["Europe/Lisbon"],
	WEST: ["Europe/Lisbon"],
	IST: ["Europe/Dublin", "Asia/Kolkata"],
	CET: ["Europe/Paris", "Europe/Berlin"],
	CEST: ["Europe/Paris", "Europe/Berlin"],
	EET: ["Europe/Athens", "Europe/Helsinki"],
	EEST: ["Europe/Athens", "Europe/Helsinki"],
	EST: ["America/New_York"],
	EDT: ["America/New_York"],
	ET: ["America/New_York"],
	CST: ["America/Chicago"],
	CDT: ["America/Chicago"],
	MST: ["America/Denver"],
	MDT: ["America/Denver"],
	PST: ["America/Los_Angeles"],
	PDT: ["America/Los_Angeles"],
	PT: ["America/Los_Angeles"],
	AEST: ["Australia/Sydney"],
	AEDT: ["Australia/Sydney"],
	JST: ["Asia/Tokyo"],
	SGT: ["Asia/Singapore"],
	HKT: ["Asia/Hong_Kong"],
	NZST: ["Pacific/Auckland"],
	UCT: ["UTC"],
	ZULU: ["UTC"],
	Z: ["UTC"],
};

/** `Area/Location` (one or more `/` parts), as IANA names are, or UTC itself. */
const ianaShape = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

const known = new Map<string, boolean>();

function runtimeKnows(zone: string): boolean {
	let k = known.get(zone);
	if (k === undefined) {
		try {
			new Intl.DateTimeFormat("en-GB", { timeZone: zone });
			k = true;
		} catch {
			k = false;
		}
		known.set(zone, k);
	}
	return k;
}

/**
 * Why a time zone is not accepted, for each language to say: an abbreviation (with the zone names it may mean, and
 * whether UTC may be meant, as with GMT), or not an IANA name at all. `given` is the zone as quoted to the admin.
 */
export type TimeZoneIssue =
	| {
			code: "abbreviation";
			given: string;
			zones: readonly string[];
			orUtc: boolean;
	  }
	| { code: "not-iana"; given: string };

/** Why `zone` is not accepted as a time zone, or `null` when it is an IANA name this runtime knows. */
export function timeZoneIssue(zone: string): TimeZoneIssue | null {
	const given = JSON.stringify(
		zone.length > 60 ? `${zone.slice(0, 57)}...` : zone,
	);
	if (zone === "UTC") return null;
	if (ianaShape.test(zone) && zone.length <= 64 && runtimeKnows(zone))
		return null;
	const abbreviation = zone.trim().toUpperCase();
	const zones = suggestions[abbreviation];
	return zones === undefined
		? { code: "not-iana", given }
		: { code: "abbreviation", given, zones, orUtc: abbreviation === "GMT" };
}

/**
 * Why `zone` is not accepted as a time zone, in English, with a suggestion where one is known; `null` when it is an
 * IANA name this runtime knows (`Europe/London`, `America/New_York`, `UTC`, `Etc/UTC`).
 */
export function timeZoneProblem(zone: string): string | null {
	const issue = timeZoneIssue(zone);
	if (issue === null) return null;
	if (issue.code === "abbreviation")
		return `${issue.given} is an abbreviation, not a time zone name: use the IANA name of the place, such as ${issue.zones.join(" or ")}${issue.orUtc ? " (or UTC if you mean no summer time)" : ""}`;
	return `${issue.given} is not an IANA time zone name (like Europe/London or America/New_York)`;
}
