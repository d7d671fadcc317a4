/**
 * Why a directory could not resolve, as codes and values the chat layer words in the admin's language: Slack listed
 * people without emails (`no-emails`: a missing scope), kept rate-limiting a call, refused it (with Slack's error
 * code, and whether reinstalling with the scopes fixes it), or could not be reached at all.
 */
export type DirectoryFailure =
	| { why: "no-emails"; people: number }
	| { why: "rate-limited"; method: string }
	| { why: "refused"; method: string; code: string; scopes: boolean }
	| { why: "unreachable"; method: string; error: string };

/**
 * Thrown by a `PlatformDirectory` that cannot resolve at all: the app lacks a scope (`missing-scope`: reinstall it),
 * or the platform failed (`unavailable`: try again). The message is for the admin: it names the platform and what
 * to do, never a person. `failure`, when given, is the same as codes and values, for the admin's language.
 */
export class DirectoryError extends Error {
	override name = "DirectoryError";

	constructor(
		readonly code: "missing-scope" | "unavailable",
		message: string,
		readonly failure?: DirectoryFailure,
	) {
		super(message);
	}
}
