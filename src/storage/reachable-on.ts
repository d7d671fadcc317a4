/**
 * SQL for "the bot can invite this employee": an id on one of the configured platforms (`platforms`: a text[]
 * parameter such as `$7`) and no reason from the last reach check why not. The one definition that opening a
 * campaign, the reach counts and the next wave's late invitations share.
 */
export function reachableOn(employee: string, platforms: string): string {
	return `(${employee}.unreachable_reason is null and (('slack' = any(${platforms}::text[]) and ${employee}.slack_user_id is not null)
	  or ('teams' = any(${platforms}::text[]) and ${employee}.teams_user_id is not null)))`;
}
