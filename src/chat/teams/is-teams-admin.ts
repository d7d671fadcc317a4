import type { ChannelAccount } from "botbuilder";
import type { CensusStore } from "../../domain/ports.js";
import { isCensusAdmin } from "../admin/is-census-admin.js";

/** True when the Teams user is in CENSUS_ADMINS by bot-scoped id, Entra object id, or roster email. */
export function isTeamsAdmin(
	deps: {
		admins: readonly string[];
		store: Pick<CensusStore, "emailForTeamsUser">;
	},
	from: Pick<ChannelAccount, "id" | "aadObjectId">,
): Promise<boolean> {
	return isCensusAdmin(deps.admins, [from.id, from.aadObjectId], () =>
		deps.store.emailForTeamsUser({
			userId: from.id,
			aadObjectId: from.aadObjectId ?? null,
		}),
	);
}
