import type {
	PlatformDirectory,
	ReachOutcome,
	ReachResult,
} from "../../../domain/roster/reach.js";
import {
	type GraphClient,
	type GraphResponse,
	GraphUnavailable,
	graphErrorCode,
} from "./graph-client.js";

type DirectoryUser = {
	id?: unknown;
	accountEnabled?: unknown;
	userType?: unknown;
	/** The language the tenant's admins set for the person (e.g. "cy-GB"); often unset. */
	preferredLanguage?: unknown;
};

/** Batches of 20 lookups in flight at once: enough to keep the directory limit busy while answers travel. */
const batchesInFlight = 12;

/** The `/users` request that finds a person by email: their mail address or their sign-in name. */
export function usersByEmailUrl(email: string): string {
	const quoted = `'${email.replaceAll("'", "''")}'`;
	const filter = `mail eq ${quoted} or userPrincipalName eq ${quoted}`;
	return `users?$filter=${encodeURIComponent(filter)}&$select=id,accountEnabled,userType,preferredLanguage`;
}

/** What one `/users` answer says about a person. A member account that is enabled wins over the others. */
function outcomeOf(res: GraphResponse): ReachOutcome {
	if (res.status === 404) return { kind: "unreachable", reason: "not_found" };
	if (res.status !== 200) throw new GraphUnavailable(res.status);
	const value = (res.body as { value?: unknown } | null)?.value;
	const users = (Array.isArray(value) ? value : []) as DirectoryUser[];
	const usable = users.filter((u) => typeof u.id === "string");
	const member = usable.find(
		(u) => u.accountEnabled === true && u.userType !== "Guest",
	);
	if (member)
		return typeof member.preferredLanguage === "string" &&
			member.preferredLanguage
			? {
					kind: "found",
					userId: member.id as string,
					locale: member.preferredLanguage,
				}
			: { kind: "found", userId: member.id as string };
	if (usable.some((u) => u.accountEnabled === true))
		return { kind: "unreachable", reason: "guest" };
	if (usable.length > 0) return { kind: "unreachable", reason: "deactivated" };
	return { kind: "unreachable", reason: "not_found" };
}

/**
 * The Teams people directory over Microsoft Graph: each roster email is looked up with `/users?$filter=mail eq
 * … or userPrincipalName eq …` (`User.Read.All`), twenty to a `$batch`, each request paced under the directory
 * limit and repeated after a 429 as Retry-After says. `accountEnabled: false` → `deactivated`; a guest account →
 * `guest`; no account → `not_found`. An answer Graph will not give (a 400, or failures after every retry) throws:
 * nothing is concluded about anyone from it. A member's `preferredLanguage` (set by the tenant's admins) is kept as
 * their platform locale: the first invitation is in it when the roster names no language and it is one we speak.
 */
export function createGraphDirectory(client: GraphClient): PlatformDirectory {
	return {
		platform: "teams",
		async resolve(emails, onProgress) {
			const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
			const results: ReachResult[] = [];
			// Slices of 60 batches: progress is reported as they settle.
			for (let i = 0; i < unique.length; i += 1200) {
				const slice = unique.slice(i, i + 1200);
				const answers = await client.batch(
					slice.map((e) => ({
						method: "GET" as const,
						url: usersByEmailUrl(e),
					})),
					batchesInFlight,
				);
				slice.forEach((email, j) => {
					const res = answers[j] as GraphResponse;
					if (res.status >= 400 && res.status !== 404)
						throw new Error(
							`Graph refused the directory lookup (${res.status} ${graphErrorCode(res.body) ?? "no code"})`,
						);
					results.push({
						email,
						platform: "teams",
						outcome: outcomeOf(res),
					});
				});
				onProgress?.(results.length, unique.length);
			}
			return results;
		},
	};
}
