/** Hosts that are placeholders or private, never a page a colleague could open. */
const placeholderHost =
	/(^|\.)(example\.(org|com|net)|localhost|test|invalid|local|localdomain)$/i;

/** Why a link cannot be shown to people, for each language to say; `given` is the link as quoted to the admin. */
export type PublicUrlIssue =
	| {
			code:
				| "not-url"
				| "not-https"
				| "credentials"
				| "ip-address"
				| "no-host"
				| "too-long";
			given: string;
	  }
	| { code: "placeholder"; given: string; host: string };

/**
 * Why `value` cannot be shown to people as a link (a privacy notice, terms of use), or `null` when it can: an
 * https URL on a real host, not a placeholder (`example.org`, `.com`, `.net`), `localhost` or an IP address.
 */
export function publicUrlIssue(value: string): PublicUrlIssue | null {
	const given = JSON.stringify(
		value.length > 80 ? `${value.slice(0, 77)}...` : value,
	);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { code: "not-url", given };
	}
	if (url.protocol !== "https:") return { code: "not-https", given };
	if (url.username !== "" || url.password !== "")
		return { code: "credentials", given };
	const host = url.hostname.replace(/\.$/, "");
	if (placeholderHost.test(host)) return { code: "placeholder", given, host };
	if (/^[\d.]+$/.test(host) || host.startsWith("["))
		return { code: "ip-address", given };
	if (!host.includes(".")) return { code: "no-host", given };
	if (value.length > 500) return { code: "too-long", given };
	return null;
}

/** Why `value` cannot be shown to people as a link, in English (see `publicUrlIssue`), or `null` when it can. */
export function publicUrlProblem(value: string): string | null {
	const issue = publicUrlIssue(value);
	if (issue === null) return null;
	const shown = issue.given;
	switch (issue.code) {
		case "not-url":
			return `${shown} is not a URL (like https://intranet.example.co.uk/privacy)`;
		case "not-https":
			return `${shown} must start with https://`;
		case "credentials":
			return `${shown} must not carry a user name or password`;
		case "placeholder":
			return `${shown} is a placeholder address (${issue.host}): give your organisation's real page`;
		case "ip-address":
			return `${shown} is an IP address: give your organisation's real page`;
		case "no-host":
			return `${shown} has no public host name`;
		case "too-long":
			return `${shown} is longer than 500 characters`;
	}
}
