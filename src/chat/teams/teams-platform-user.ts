import type { ChannelAccount } from "botbuilder";
import type { PlatformUser } from "../../domain/deliveries/platform.js";

/** The person an activity comes from, as the roster lookups take them: the bot-scoped id and the Entra object id. */
export function teamsPlatformUser(
	from: Pick<ChannelAccount, "id" | "aadObjectId">,
): PlatformUser {
	return {
		platform: "teams",
		id: from.id,
		aadObjectId: from.aadObjectId ?? null,
	};
}
