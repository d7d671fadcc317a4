import type { Redis } from "ioredis";
import type { Platform } from "../domain/deliveries/platform.js";
import type { DeliveryQueue } from "./delivery-queue.js";

/** Why a platform's deliveries are paused: the platform told the bot it may no longer use it. */
export type PauseReason = "app_uninstalled" | "tokens_revoked";

/** A platform whose deliveries are paused, since when and why. */
export type PausedPlatform = {
	platform: Platform;
	reason: PauseReason;
	since: Date;
};

/**
 * Pauses a platform's delivery queue while the platform refuses the bot (the app was uninstalled, its token
 * revoked), so nothing is sent, failed or given up: every job waits in the queue and every outbox row stays
 * `queued`, until the app is back. BullMQ's pause is global (every worker of the queue, in every process) and kept
 * in Redis, as is the marker saying why, so a restart does not lose it either.
 */
export class DeliveryPause {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly queueOf: (platform: Platform) => DeliveryQueue | undefined,
		private readonly now: () => Date = () => new Date(),
	) {}

	private key(platform: Platform): string {
		return `${this.prefix}:census:delivery-paused:${platform}`;
	}

	/** Pauses the platform's queue. True when it was not paused already (the admins have not been told yet). */
	async pause(platform: Platform, reason: PauseReason): Promise<boolean> {
		const fresh = await this.redis.set(
			this.key(platform),
			JSON.stringify({ reason, since: this.now().toISOString() }),
			"NX",
		);
		await this.queueOf(platform)?.queue.pause();
		return fresh === "OK";
	}

	/** Resumes the platform's queue and forgets why it was paused. */
	async resume(platform: Platform): Promise<void> {
		await this.queueOf(platform)?.queue.resume();
		await this.redis.del(this.key(platform));
	}

	/** The platform's pause, if it is paused. */
	async pausedOf(platform: Platform): Promise<PausedPlatform | null> {
		const raw = await this.redis.get(this.key(platform));
		if (!raw) return null;
		const { reason, since } = JSON.parse(raw) as {
			reason: PauseReason;
			since: string;
		};
		return { platform, reason, since: new Date(since) };
	}
}
