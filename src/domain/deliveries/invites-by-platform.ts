import type { InviteIdsCount } from "./outbox-store.js";
import { type Platform, platformOfPerson } from "./platform.js";

/** Where one platform's invitations stand. */
export type PlatformInvites = {
	platform: Platform;
	/** The platform accepted it. */
	delivered: number;
	/** Not sent yet (queued, or being sent). */
	pending: number;
	/** The platform did not say whether it arrived. */
	unknown: number;
	/** The platform refused this recipient for good. */
	undeliverable: number;
	/** Given up after errors that prove nothing was sent. */
	failed: number;
	/** No longer needed (the campaign closed first). */
	cancelled: number;
};

/**
 * The invitations of each configured platform (in order of preference), each counted on the platform that carries
 * it: the first configured one the recipient has an id for, as the dispatcher routes it (the first platform when
 * they have none).
 */
export function invitesByPlatform(
	counts: readonly InviteIdsCount[],
	platforms: readonly Platform[],
): PlatformInvites[] {
	const out = platforms.map(
		(platform): PlatformInvites => ({
			platform,
			delivered: 0,
			pending: 0,
			unknown: 0,
			undeliverable: 0,
			failed: 0,
			cancelled: 0,
		}),
	);
	for (const c of counts) {
		const platform =
			platformOfPerson(
				{
					slackUserId: c.hasSlackId ? "id" : null,
					teamsUserId: c.hasTeamsId ? "id" : null,
				},
				platforms,
			) ?? platforms[0];
		const row = out.find((r) => r.platform === platform);
		if (!row) continue;
		switch (c.state) {
			case "sent":
				row.delivered += c.count;
				break;
			case "queued":
			case "sending":
				row.pending += c.count;
				break;
			case "unknown":
				row.unknown += c.count;
				break;
			case "undeliverable":
				row.undeliverable += c.count;
				break;
			case "failed":
				row.failed += c.count;
				break;
			case "cancelled":
				row.cancelled += c.count;
				break;
		}
	}
	return out;
}
