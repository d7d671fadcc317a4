import type { OutboxStore } from "../domain/deliveries/outbox-store.js";
import type { Platform } from "../domain/deliveries/platform.js";
import type { CensusStore } from "../domain/ports.js";
import type { DeliveryPause, PauseReason } from "../jobs/delivery-pause.js";
import type { Logger } from "../logger.js";
import { dispatchSoon } from "./admin/dispatch-soon.js";

/** Entra object ids and Bot Framework user ids (`29:…`), as CENSUS_ADMINS holds them (lower-cased). */
const teamsUserId =
	/^(29:.+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** What telling the admins on another platform needs. */
export type PlatformGoneDeps = {
	pause: DeliveryPause;
	store: Pick<CensusStore, "findOpenCampaign">;
	outbox: Pick<OutboxStore, "createDeliveries">;
	dispatch(): Promise<unknown>;
	logger: Logger;
	/** The configured platforms. */
	platforms: readonly Platform[];
	/** CENSUS_ADMINS, lower-cased. */
	admins: readonly string[];
	/** The roster's Teams ids for admins named by email. */
	teamsIdsOfEmails(emails: readonly string[]): Promise<string[]>;
	now?: () => Date;
};

/**
 * A platform told the bot it may no longer use it (the app was uninstalled, its bot token revoked): that platform's
 * deliveries are paused (they wait, none is lost; see `DeliveryPause`), the log says so at warn, and the admins
 * are told, once per pause, on a platform that can still reach them: Teams admins (by Entra id, Bot Framework id,
 * or roster email) get a notice about the open census when Slack is gone. Nobody else is told anything.
 */
export function platformGone(
	deps: PlatformGoneDeps,
): (platform: Platform, reason: PauseReason) => Promise<void> {
	return async (platform, reason) => {
		const fresh = await deps.pause.pause(platform, reason);
		if (!fresh) return;
		deps.logger.warn(
			{ platform, reason },
			"the platform refused the app: its deliveries are paused until the app is reinstalled and the census restarted",
		);
		if (platform !== "slack" || !deps.platforms.includes("teams")) return;
		const campaign = await deps.store.findOpenCampaign();
		if (!campaign) return;
		const recipients = new Set([
			...deps.admins.filter((a) => teamsUserId.test(a)),
			...(await deps.teamsIdsOfEmails(
				deps.admins.filter((a) => a.includes("@")),
			)),
		]);
		if (recipients.size === 0) {
			deps.logger.warn(
				{ platform, reason },
				"no census admin can be told on Teams: CENSUS_ADMINS names none by Teams id or roster email",
			);
			return;
		}
		const now = (deps.now ?? (() => new Date()))();
		await deps.outbox.createDeliveries(
			[...recipients].map((recipient) => ({
				campaignId: campaign.id,
				kind: "notice",
				// One notice per pause: a pause is told once (see above); the second of the pause is its wave.
				wave: Math.floor(now.getTime() / 1000),
				employeeId: null,
				recipient,
				notBefore: now,
				payload: {
					kind: "paused",
					platform,
					reason,
					campaignName: campaign.name,
				},
			})),
		);
		await dispatchSoon(deps);
	};
}

/**
 * At start-up: lifts a platform's pause once the app is authorised again (reinstalled, its new token configured).
 * While it is not, the pause stays and the log says why. Never throws: a failed check keeps the pause.
 */
export async function resumeWhenAuthorised(
	pause: DeliveryPause,
	platform: Platform,
	authorised: () => Promise<boolean>,
	logger: Logger,
): Promise<boolean> {
	const paused = await pause.pausedOf(platform);
	if (!paused) return false;
	const ok = await authorised().catch(() => false);
	if (!ok) {
		logger.warn(
			{
				platform,
				reason: paused.reason,
				durationMs: Date.now() - paused.since.getTime(),
			},
			"deliveries stay paused: the app is still not authorised on the platform",
		);
		return false;
	}
	await pause.resume(platform);
	logger.info(
		{ platform, reason: paused.reason },
		"the app is authorised again: deliveries resumed",
	);
	return true;
}
