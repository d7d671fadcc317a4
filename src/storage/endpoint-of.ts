/** Where a server is, for a log line: host and port only, never the user name, password or database. */
export type Endpoint = { host: string; port: number };

/** The host and port of a `postgresql://` or `redis://` URL, with the protocol's default port when none is given. */
export function endpointOf(url: string, defaultPort: number): Endpoint {
	try {
		const u = new URL(url);
		return {
			host: u.hostname || "localhost",
			port: u.port ? Number(u.port) : defaultPort,
		};
	} catch {
		return { host: "(unparsable URL)", port: defaultPort };
	}
}
