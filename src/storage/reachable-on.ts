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
