import { asCampaignId } from "../../src/domain/ids.js";
import type { Campaign } from "../../src/domain/ports.js";
import { questionKeys } from "../../src/domain/questions/catalogue.js";

/** An open campaign with every question, for rendering tests; fields can be overridden. */
export function sampleCampaign(overrides: Partial<Campaign> = {}): Campaign {
	return {
		id: asCampaignId("cmp_7f3a9c"),
		name: "Census 2026",
		status: "open",
		questions: [...questionKeys],
		channel: "#leadership",
		targetRate: 70,
		closesOn: "2026-12-14",
		minCellSize: 10,
		minGroupHeadcount: 20,
		shuffleSize: 10,
		retentionDays: 30,
		gradeOrder: ["G1", "G2"],
		publicKey: Buffer.alloc(44, 7),
		wrappedPoolKey: Buffer.alloc(60, 3),
		startedBy: "U0ADMIN42",
		reminderMax: 3,
		reminderEveryDays: 4,
		lowUptakePercent: 50,
		workingHours: "09:00-17:00,mon-fri",
		timeZone: "Europe/London",
		organiser: {
			runBy: "People team",
			contact: "people@example.com",
			privacyUrl: "https://intranet.example.com/privacy/census",
			message: null,
		},
		openedAt: new Date("2026-11-30T09:00:00Z"),
		...overrides,
	};
}
