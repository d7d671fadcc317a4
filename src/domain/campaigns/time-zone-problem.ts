/**
 * Which time zone names are accepted: IANA names only (`Europe/London`, `UTC`). Abbreviations are refused because
 * the runtime reads them as something else (`BST` as Asia/Dhaka, `IST` as Asia/Kolkata, `GMT` as UTC all year).
 */

/** Suggestions for abbreviations people write instead of a zone name. */
const suggestions: Readonly<Record<string, string>> = {
	BST: "Europe/London",
	GMT: "Europe/London (or UTC if you mean no summer time)",
	WET: "Europe/Lisbon",
	WEST: "Europe/Lisbon",
	IST: "Europe/Dublin or Asia/Kolkata",
	CET: "Europe/Paris or Europe/Berlin",
	CEST: "Europe/Paris or Europe/Berlin",
	EET: "Europe/Athens or Europe/Helsinki",
	EEST: "Europe/Athens or Europe/Helsinki",
	EST: "America/New_York",
	EDT: "America/New_York",
	ET: "America/New_York",
	CST: "America/Chicago",
	CDT: "America/Chicago",
	MST: "America/Denver",
	MDT: "America/Denver",
	PST: "America/Los_Angeles",
	PDT: "America/Los_Angeles",
	PT: "America/Los_Angeles",
	AEST: "Australia/Sydney",
	AEDT: "Australia/Sydney",
	JST: "Asia/Tokyo",
	SGT: "Asia/Singapore",
	HKT: "Asia/Hong_Kong",
	NZST: "Pacific/Auckland",
	UCT: "UTC",
	ZULU: "UTC",
	Z: "UTC",
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
 * Why `zone` is not accepted as a time zone, with a suggestion where one is known; `null` when it is an IANA name
 * this runtime knows (`Europe/London`, `America/New_York`, `UTC`, `Etc/UTC`).
 */
export function timeZoneProblem(zone: string): string | null {
	const shown = JSON.stringify(
		zone.length > 60 ? `${zone.slice(0, 57)}...` : zone,
	);
	if (zone === "UTC") return null;
	if (ianaShape.test(zone) && zone.length <= 64 && runtimeKnows(zone))
		return null;
	const suggestion = suggestions[zone.trim().toUpperCase()];
	if (suggestion !== undefined)
		return `${shown} is an abbreviation, not a time zone name: use the IANA name of the place, such as ${suggestion}`;
	return `${shown} is not an IANA time zone name (like Europe/London or America/New_York)`;
}
