import type { Campaign } from "../../domain/ports.js";
import type { FindParticipant, ParticipantDeps } from "./participant-deps.js";

/**
 * The campaign a message names (or the one open now), if it takes answers. `recent`: a copy up to a second old will
 * do (an answer's campaign, whose status is checked again where the answer is recorded); otherwise it is read now,
 * so that nobody is shown the questions of a census that has just closed.
 */
export async function openCampaign(
	deps: ParticipantDeps,
	campaignId: string | null,
	recent = false,
): Promise<Campaign | null> {
	const campaign = campaignId
		? await (recent
				? deps.service.campaignForAnswer(campaignId)
				: deps.service.campaign(campaignId))
		: await deps.service.currentCampaign();
	return campaign?.status === "open" ? campaign : null;
}

/**
 * The open campaign and the person's place in it, or why there is nothing to do. Someone no longer active on the
 * roster is treated as not invited: they may not answer, opt out or be shown anything more.
 */
export async function participation(
	deps: ParticipantDeps,
	campaignId: string | null,
	find: FindParticipant,
	recent = false,
) {
	const campaign = await openCampaign(deps, campaignId, recent);
	if (!campaign) return { kind: "closed" } as const;
	const participant = await find(campaign);
	if (!participant?.active)
		return { kind: "not-invited", organiser: campaign.organiser } as const;
	return { kind: "found", campaign, participant } as const;
}
