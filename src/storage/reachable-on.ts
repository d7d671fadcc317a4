/**
 * SQL for "the bot can invite this employee": an id on one of the configured platforms (`platforms`: a text[]
 * parameter such as `$7`). A reach check clears the id of an account that cannot be messaged (deactivated, a guest,
 * a bot), so an id is enough; a reason left beside an id is stale (the id came later). The one definition that
 * opening a campaign, the start's refusal and the next wave's late invitations share.
 */
export function reachableOn(employee: string, platforms: string): string {
	return `(('slack' = any(${platforms}::text[]) and ${employee}.slack_user_id is not null)
	  or ('teams' = any(${platforms}::text[]) and ${employee}.teams_user_id is not null))`;
}

/**
 * SQL for "this employee's messages go to Teams": as `platformOfPerson`, the first configured platform (`platforms`,
 * a text[] parameter, in order of preference) the roster has an id for is Teams.
 */
export function routedToTeams(employee: string, platforms: string): string {
	return `('teams' = any(${platforms}::text[]) and ${employee}.teams_user_id is not null
	  and not ('slack' = any(${platforms}::text[]) and ${employee}.slack_user_id is not null
	    and array_position(${platforms}::text[], 'slack') < array_position(${platforms}::text[], 'teams')))`;
}

/**
 * SQL for "the bot cannot write to this employee any more": their messages go to Teams, and Teams said the app is
 * not installed for them (they removed it, or a send was refused with 403). Installing it again clears the reason.
 */
export function teamsAppGone(employee: string, platforms: string): string {
	// Never null (a null reason would make `not teamsAppGone(…)` drop everyone without one).
	return `(coalesce(${employee}.unreachable_reason = 'app_not_installed', false) and ${routedToTeams(employee, platforms)})`;
}
