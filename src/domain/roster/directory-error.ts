/**
 * Thrown by a `PlatformDirectory` that cannot resolve at all: the app lacks a scope (`missing-scope`: reinstall it),
 * or the platform failed (`unavailable`: try again). The message is for the admin: it names the platform and what
 * to do, never a person.
 */
export class DirectoryError extends Error {
	override name = "DirectoryError";

	constructor(
		readonly code: "missing-scope" | "unavailable",
		message: string,
	) {
		super(message);
	}
}
