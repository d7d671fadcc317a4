import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { OutreachService } from "../../domain/campaigns/outreach-service.js";
import type { OutboxStore } from "../../domain/deliveries/outbox-store.js";
import type { Platform } from "../../domain/deliveries/platform.js";
import type { CensusStore } from "../../domain/ports.js";
import type { NotReachedList } from "../../domain/roster/not-reached.js";
import type { CloseOutcome } from "../../jobs/close-through-tally.js";
import type { PausedPlatform } from "../../jobs/delivery-pause.js";
import type { Logger } from "../../logger.js";
import type { ReachCheck } from "../reach-check.js";
import type { RosterUploadDeps } from "./roster-upload.js";

/** What the admin commands need on every platform, injected by the composition root. */
export type AdminDeps = {
	service: CensusService;
	store: CensusStore;
	outreach: OutreachService;
	outbox: OutboxStore;
	/** Hands queued outbox rows to the delivery queue; a failure leaves them for the worker's sweep. */
	dispatch(): Promise<unknown>;
	/** After how long without any delivery settling, while some are due, `status` warns of a stall (ms). */
	stallAfterMs?: number;
	/** The configured platforms, in order of preference (the status counts each platform's invitations). */
	platforms: readonly Platform[];
	/** The platforms whose deliveries are paused because they refused the app (the status says so). */
	paused?: () => Promise<PausedPlatform[]>;
	/** Lower-cased emails and user ids allowed to run admin commands. */
	admins: readonly string[];
	logger: Logger;
	/**
	 * Closes the open campaign: only the tally process can, so a web process hands it over (through the tally
	 * queue) and waits for the outcome.
	 */
	closeCensus(): Promise<CloseOutcome>;
	/** Resolves the roster against every configured platform's directory and records who can be reached. */
	checkReach: ReachCheck;
	/** A roster CSV sent to the bot in a direct message: checked, kept for the admin's Confirm, then imported. */
	rosterUpload: RosterUploadDeps;
	/** The people a campaign could not reach, with why (for `unreachable`). */
	notReached: NotReachedList;
};
