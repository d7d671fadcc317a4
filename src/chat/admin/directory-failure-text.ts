import type { DirectoryFailure } from "../../domain/roster/directory-error.js";
import { english, type Translator } from "../../text/translator.js";

/**
 * Why a directory failed, in `t` (the admin's language; English (UK) for the log and the command line). `esc` makes
 * the platform's own words (a method, an error code or message) inert in the reader's markup.
 */
export function directoryFailureText(
	f: DirectoryFailure,
	t: Translator = english,
	esc: (s: string) => string = (s) => s,
): string {
	const scopes = () =>
		t.t("directory.scopes", {
			read: esc("users:read"),
			readEmail: esc("users:read.email"),
			manifest: esc("manifests/slack.yaml"),
		});
	switch (f.why) {
		case "no-emails":
			return t.t("directory.noEmails", { n: f.people, scopes: scopes() });
		case "rate-limited":
			return t.t("directory.rateLimited", { method: esc(f.method) });
		case "refused":
			return f.scopes
				? t.t("directory.refusedScope", {
						method: esc(f.method),
						code: esc(f.code),
						scopes: scopes(),
					})
				: t.t("directory.refused", {
						method: esc(f.method),
						code: esc(f.code),
					});
		case "unreachable":
			return t.t("directory.unreachable", {
				method: esc(f.method),
				error: esc(f.error),
			});
	}
}
