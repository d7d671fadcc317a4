import type { CloseResult } from "../domain/campaigns/campaign-closer.js";
import type { CampaignStore } from "../domain/campaigns/campaign-store.js";
import type { CensusService } from "../domain/campaigns/census-service.js";
import type { Campaign } from "../domain/ports.js";
import type { TallyQueue } from "./tally-queue.js";

/** How an admin's close ends, seen from a process that cannot tally: the tally's result, or no answer in time. */
export type CloseOutcome =
	| CloseResult
	| {
			ok: false;
			reason: "tally-not-responding";
			campaign: Campaign;
			waitedMs: number;
	  };

/**
 * An admin's close, from a web process: hands it to the tally process through the tally queue and waits for the
 * outcome, then reads the stored report (the job carries no figure of it).
 */
export async function closeThroughTally(deps: {
	service: CensusService;
	store: Pick<CampaignStore, "findOpenCampaign">;
	tally: TallyQueue;
	waitMs: number;
}): Promise<CloseOutcome> {
	const campaign = await deps.store.findOpenCampaign();
	if (!campaign) return { ok: false, reason: "none-open" };
	const result = await deps.tally.closeAndWait(campaign.id, deps.waitMs);
	if (result === "timeout")
		return {
			ok: false,
			reason: "tally-not-responding",
			campaign,
			waitedMs: deps.waitMs,
		};
	const detail = result.detail ?? "";
	switch (result.outcome) {
		case "closed": {
			const stored = await deps.service.report(campaign.id);
			if (!stored) throw new Error("closed campaign has no stored report");
			return {
				ok: true,
				campaign: { ...campaign, status: "closed" },
				report: stored.report,
			};
		}
		case "none-open":
			return { ok: false, reason: "none-open" };
		case "key-unavailable":
			return {
				ok: false,
				reason: "key-unavailable",
				campaign,
				keyId: "",
				detail,
			};
		case "integrity":
			return {
				ok: false,
				reason: "integrity",
				campaign: { ...campaign, status: "closing" },
				check: detail.includes("copies") ? "duplicate-ballot" : "ballot-count",
				detail,
			};
	}
}
