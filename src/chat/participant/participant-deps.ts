import type { CensusService } from "../../domain/campaigns/census-service.js";
import type { Platform } from "../../domain/deliveries/platform.js";
import type { Campaign, Participant } from "../../domain/ports.js";
import type { Logger } from "../../logger.js";
import type { AnswerAdmission } from "../answer-admission.js";

/** What the participant core needs on every platform, injected by the composition root. */
export type ParticipantDeps = {
	service: CensusService;
	/** Sheds answers under overload; shared by the process's platforms. */
	admission: AnswerAdmission;
	logger: Logger;
	/** The platform's name, for the log lines only. */
	platform: Platform | "in-memory";
};

/** Finds the person who acted in a campaign, by the ids their platform gave; null when the roster has no row. */
export type FindParticipant = (
	campaign: Campaign,
) => Promise<Participant | null>;
