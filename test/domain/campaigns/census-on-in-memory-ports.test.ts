import { describe, expect, it } from "vitest";
import { CampaignCloser } from "../../../src/domain/campaigns/campaign-closer.js";
import {
	CensusService,
	defaultCensusSettings,
} from "../../../src/domain/campaigns/census-service.js";
import type { StartArguments } from "../../../src/domain/campaigns/parse-start-arguments.js";
import { asEmployeeId, type CampaignId } from "../../../src/domain/ids.js";
import type { Campaign } from "../../../src/domain/ports.js";
import { ephemeralCustody } from "../../../src/keys/ephemeral-custody.js";
import {
	inMemoryCensusStore,
	type RosterPerson,
} from "../../support/in-memory-census-store.js";

const clock = { now: () => new Date("2026-12-01T10:00:00Z") };
const args: StartArguments = {
	name: "Census 2026",
	closesOn: "2026-12-14",
	channel: "#leadership",
	targetRate: 70,
	questions: ["key"],
};

/** 40 people in one department, half in each of two grades. */
const roster: RosterPerson[] = Array.from({ length: 40 }, (_, i) => ({
	employeeId: asEmployeeId(
		`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
	),
	email: `person${i}@example.com`,
	department: "Engineering",
	grade: i % 2 === 0 ? "G1" : "G2",
	slackUserId: `U${i}`,
}));

/** Professional, intermediate and working-class answers in turn. */
const answers = ["occ_professional", "occ_clerical", "occ_routine"];

/** A census on the in-memory ports, started, with the first `answered` people answered. */
async function openCensus(answered: number) {
	const census = inMemoryCensusStore(roster);
	const custody = ephemeralCustody(clock.now());
	// m = 10, so the pool is shuffled twice along the way.
	const service = new CensusService(census.store, clock, custody.serving, {
		...defaultCensusSettings,
		workingHours: "00:00-24:00,mon-sun",
	});
	const started = await service.start(args, "admin@example.com");
	if (!started.ok) throw new Error(`start refused: ${started.reason}`);
	const campaign: Campaign = started.campaign;
	for (const [i, p] of roster.slice(0, answered).entries()) {
		const participant = await census.participation.findParticipant(
			campaign.id,
			p.employeeId,
		);
		if (!participant) throw new Error("not invited");
		expect(
			await service.answer(campaign, participant, {
				key: answers[i % answers.length] as string,
			}),
		).toBe("recorded");
		await service.settlePool(campaign);
	}
	const closer = new CampaignCloser(census.store, clock, custody.tally);
	return { census, service, campaign, closer };
}

describe("the census on in-memory ports (no database)", () => {
	it("takes each answer once, closes with every answer counted, and leaves no ballot or key behind", async () => {
		const { census, service, campaign, closer } = await openCensus(30);
		const first = roster[0] as RosterPerson;
		const again = await census.participation.findParticipant(
			campaign.id,
			first.employeeId,
		);
		expect(
			await service.answer(campaign, again as NonNullable<typeof again>, {
				key: "occ_routine",
			}),
		).toBe("already-responded");
		await service.optOut(campaign.id, (roster[35] as RosterPerson).employeeId);
		expect(await census.ballots.countPool(campaign.id)).toBe(30);

		const closed = await closer.close();
		if (!closed.ok) throw new Error(`close refused: ${closed.reason}`);
		expect(closed.report.invited).toBe(40);
		expect(closed.report.responded).toBe(30);
		expect(closed.report.classified).toBe(30);
		expect(closed.report.groups.map((g) => [g.group, g.percent])).toEqual([
			["professional", 35],
			["intermediate", 35],
			["working_class", 35],
		]);
		expect(await census.ballots.countPool(campaign.id)).toBe(0);
		expect(await census.campaigns.wrappedKeyOf(campaign.id)).toBeNull();
		expect(await census.campaigns.listReleases("report")).toHaveLength(1);
		const late = await census.participation.findParticipant(
			campaign.id,
			(roster[39] as RosterPerson).employeeId,
		);
		expect(
			await service.answer(closed.campaign, late as NonNullable<typeof late>, {
				key: "occ_routine",
			}),
		).toBe("campaign-closed");
	});

	it("refuses to tally a pool in which one ballot stands in for another", async () => {
		const { census, campaign, closer } = await openCensus(12);
		const pool = census.state.pools.get(campaign.id as CampaignId);
		if (!pool) throw new Error("no pool");
		// Same count as the responders, so only the copy check can see it.
		pool.ballots[0] = pool.ballots[1] as Buffer;

		const closed = await closer.close();
		expect(closed).toMatchObject({
			ok: false,
			reason: "integrity",
			check: "duplicate-ballot",
		});
		expect(await census.campaigns.findReport(campaign.id)).toBeNull();
		expect(await census.ballots.countPool(campaign.id)).toBe(12);
	});
});
