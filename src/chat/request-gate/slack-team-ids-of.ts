/**
 * Every Slack workspace id a request's payload names, wherever Slack puts one: the slash command's and event
 * envelope's `team_id`, an interaction's `team.id` and `user.team_id`, a view's `team_id` and
 * `app_installed_team_id`, an event's `team` and `user_team`, and each authorization's `team_id`. A field that is
 * present but not a string (or an empty one) makes the answer `null`: a payload whose workspace cannot be read is
 * not from ours. An absent field, or a `null` one (Slack's org-wide installs leave `team` null), is left out.
 */
export function slackTeamIdsOf(body: unknown): string[] | null {
	const ids: string[] = [];
	let readable = true;
	const take = (value: unknown) => {
		if (value === undefined || value === null) return;
		if (typeof value === "string" && value.length > 0) ids.push(value);
		else readable = false;
	};
	const field = (o: unknown, key: string): unknown =>
		o !== null && typeof o === "object"
			? (o as Record<string, unknown>)[key]
			: undefined;
	take(field(body, "team_id"));
	take(field(field(body, "team"), "id"));
	take(field(field(body, "user"), "team_id"));
	take(field(field(body, "view"), "team_id"));
	take(field(field(body, "view"), "app_installed_team_id"));
	take(field(field(body, "event"), "team"));
	take(field(field(body, "event"), "user_team"));
	const authorizations = field(body, "authorizations");
	if (Array.isArray(authorizations))
		for (const a of authorizations) take(field(a, "team_id"));
	else take(authorizations === undefined ? undefined : false);
	return readable ? ids : null;
}
