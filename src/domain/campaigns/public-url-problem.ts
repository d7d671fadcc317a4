/** Hosts that are placeholders or private, never a page a colleague could open. */
const placeholderHost =
	/(^|\.)(example\.(org|com|net)|localhost|test|invalid|local|localdomain)$/i;

/**
 * Why `value` cannot be shown to people as a link (a privacy notice, terms of use), or `null` when it can: an
 * https URL on a real host, not a placeholder (`example.org`, `.com`, `.net`), `localhost` or an IP address.
 */
export function publicUrlProblem(value: string): string | null {
	const shown = JSON.stringify(
		value.length > 80 ? `${value.slice(0, 77)}...` : value,
	);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return `${shown} is not a URL (like https://intranet.example.co.uk/privacy)`;
	}
	if (url.protocol !== "https:") return `${shown} must start with https://`;
	if (url.username !== "" || url.password !== "")
		return `${shown} must not carry a user name or password`;
	const host = url.hostname.replace(/\.$/, "");
	if (placeholderHost.test(host))
		return `${shown} is a placeholder address (${host}): give your organisation's real page`;
	if (/^[\d.]+$/.test(host) || host.startsWith("["))
		return `${shown} is an IP address: give your organisation's real page`;
	if (!host.includes(".")) return `${shown} has no public host name`;
	if (value.length > 500) return `${shown} is longer than 500 characters`;
	return null;
}
