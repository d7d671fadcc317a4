/** The three SMC groups of the key question. */
export type SebGroup = "professional" | "intermediate" | "working_class";

/** One published cell: a share, or nothing when suppressed. */
export type GroupShare = {
	group: SebGroup;
	label: string;
	/** Whole-number percentage, or null when suppressed. */
	percent: number | null;
	benchmarkPercent: number;
};

/** The results of a closed campaign, as published. Holds only disclosure-safe numbers. */
export type CampaignReport = {
	campaignId: string;
	campaignName: string;
	closedOn: string;
	invited: number;
	responded: number;
	responseRatePercent: number;
	targetRatePercent: number;
	/** Answers that fall in one of the three groups; null when below the minimum. */
	classified: number | null;
	/** "Other" and "prefer not to say"; null when below the minimum. */
	notClassifiable: number | null;
	minCellSize: number;
	/** False when there are too few classified answers to publish any breakdown. */
	published: boolean;
	groups: GroupShare[];
	benchmark: { version: string; source: string };
	notes: string[];
};
