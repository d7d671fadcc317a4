import { slackTeamIdsOf } from "./slack-team-ids-of.js";

/** Where the bot is installed, as `auth.test` says: one workspace, or a whole Enterprise Grid org. */
export type SlackInstallation = {
	teamId: string | undefined;
	enterpriseId: string | undefined;
	/** An org-wide install: the bot serves every workspace of the enterprise `enterpriseId`. */
	orgWide: boolean;
};

const field = (o: unknown, key: string): unknown =>
	o !== null && typeof o === "object"
		? (o as Record<string, unknown>)[key]
		: undefined;

/**
 * Every Enterprise Grid org id a payload names (the slash command's and envelope's `enterprise_id`, an
 * interaction's `enterprise.id`, each authorization's `enterprise_id`), or null when one is not a readable id.
 */
export function slackEnterpriseIdsOf(body: unknown): string[] | null {
	const ids: string[] = [];
	let readable = true;
	const take = (value: unknown) => {
		if (value === undefined || value === null) return;
		if (typeof value === "string" && value.length > 0) ids.push(value);
		else readable = false;
	};
	take(field(body, "enterprise_id"));
	take(field(field(body, "enterprise"), "id"));
	const authorizations = field(body, "authorizations");
	if (Array.isArray(authorizations))
		for (const a of authorizations) take(field(a, "enterprise_id"));
	return readable ? ids : null;
}

/**
 * Whether a signed request comes from where the bot is installed. A single-workspace install: every workspace id
 * the payload names is that workspace (at least one is named). An org-wide Enterprise Grid install: the workspaces
 * of the org differ from request to request, so every org id the payload names must be the bot's org (at least one
 * named), and any workspace id must be readable. Unknown installation: nothing is accepted.
 */
export function acceptsSlackWorkspace(
	body: unknown,
	installed: SlackInstallation,
): boolean {
	const teams = slackTeamIdsOf(body);
	if (teams === null) return false;
	if (installed.orgWide) {
		const orgs = slackEnterpriseIdsOf(body);
		return (
			installed.enterpriseId !== undefined &&
			orgs !== null &&
			orgs.length > 0 &&
			orgs.every((id) => id === installed.enterpriseId)
		);
	}
	return (
		installed.teamId !== undefined &&
		teams.length > 0 &&
		teams.every((id) => id === installed.teamId)
	);
}
