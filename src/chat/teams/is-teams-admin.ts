import type { ChannelAccount } from "botbuilder";
import type { CensusStore } from "../../domain/ports.js";
import { isCensusAdmin } from "../admin/is-census-admin.js";
import { teamsPlatformUser } from "./teams-platform-user.js";

/** True when the Teams user is in CENSUS_ADMINS by bot-scoped id, Entra object id, or roster email. */
export function isTeamsAdmin(
	deps: {
		admins: readonly string[];
		store: Pick<CensusStore, "emailForUser">;
	},
	from: Pick<ChannelAccount, "id" | "aadObjectId">,
): Promise<boolean> {
	return isCensusAdmin(deps.admins, [from.id, from.aadObjectId], () =>
		deps.store.emailForUser(teamsPlatformUser(from)),
	);
}
