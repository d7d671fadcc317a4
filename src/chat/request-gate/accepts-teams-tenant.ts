/** The tenant fields of an activity: Teams puts the tenant in both, and either may be missing. */
export type TenantFields = {
	conversation: { tenantId?: string | undefined };
	channelData?:
		| { tenant?: { id?: string | undefined } | undefined }
		| undefined;
};

/**
 * Whether an activity is from `tenantId` and no other: at least one tenant field is present, and every one present
 * names it. Taking the first present field alone (`channelData.tenant.id ?? conversation.tenantId`) let an activity
 * whose `channelData` named our tenant and whose conversation named another one through (issue 17).
 */
export function acceptsTeamsTenant(
	activity: TenantFields,
	tenantId: string,
): boolean {
	const named = [
		activity.channelData?.tenant?.id,
		activity.conversation.tenantId,
	].filter((id): id is string => id !== undefined);
	return named.length > 0 && named.every((id) => id === tenantId);
}
