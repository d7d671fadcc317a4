import type { Application } from "express";
import type { Platform } from "../domain/deliveries/platform.js";
import type { Lifecycle } from "../lifecycle.js";
import type { ReportPoster } from "./admin/publish-report.js";

/**
 * One configured chat platform, as the composition root starts it: its endpoint in the web role, its delivery
 * worker in the worker role, and how it posts a report to one of its channels. Everything started is stopped by
 * the `Lifecycle` it was given. Deliberately excluded: choosing the platform of a person or channel (the root
 * decides that once, for every platform) and anything the tally role does (it needs no platform).
 */
export type PlatformModule = {
	readonly platform: Platform;
	/** Posts a report to one of this platform's channels. */
	readonly postReport: ReportPoster;
	/** Web role: serves the platform's endpoint; `postReport` posts to a channel on any configured platform. */
	startWeb(
		web: { http: Application; postReport: ReportPoster },
		life: Lifecycle,
	): Promise<void>;
	/** Worker role: starts the platform's delivery worker on the platform's own queue. */
	startWorker(life: Lifecycle): void;
};
