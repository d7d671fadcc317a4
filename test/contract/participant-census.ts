import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";
import type { ParticipantHarness } from "./participant-contract.js";

/** A census with one campaign open (questions key and fsm) and eight people on the roster of one platform. */
export type ParticipantCensus = Pick<
	ParticipantHarness,
	"statusOf" | "ballots" | "participationRows" | "deactivate" | "logs"
> & {
	t: TestCensus;
	people: SyntheticEmployee[];
	campaignId: string;
	person(i: number): SyntheticEmployee;
};

/** Starts the whole app against real PostgreSQL and Redis, imports the people and opens the campaign. */
export async function startParticipantCensus(
	label: string,
	platform: "slack" | "teams",
): Promise<ParticipantCensus> {
	const t = await startTestCensus({
		admins: [],
		label,
		...(platform === "teams" ? { teams: {} } : {}),
	});
	const people = generateOrganisation(8, 11).map((p) => ({ ...p, platform }));
	if ((await importPeople(t, people)) !== 0)
		throw new Error("the roster did not import");
	const started = await t.runtime.service.start(
		{
			name: "Contract census",
			closesOn: "2099-01-01",
			channel: "#leadership",
			targetRate: 70,
			questions: ["key", "fsm"],
		},
		"U0CONTRACTADMIN",
	);
	if (!started.ok) throw new Error(`not started: ${started.reason}`);
	const campaignId = started.campaign.id;
	const sql = <T>(query: string, ...values: unknown[]) =>
		t.runtime.prisma.$queryRawUnsafe<T[]>(query, ...values);
	const person = (i: number) => {
		const p = people[i];
		if (!p) throw new Error(`no person ${i}`);
		return p;
	};
	return {
		t,
		people,
		campaignId,
		person,
		async statusOf(i) {
			const rows = await sql<{ status: string }>(
				"select i.status from invitation i join employee e on e.id = i.employee_id where i.campaign_id = $1::uuid and e.email = $2",
				campaignId,
				person(i).email,
			);
			return rows[0]?.status ?? null;
		},
		async ballots() {
			const rows = await sql<{ n: number }>(
				"select count(*)::int as n from sealed_ballot where campaign_id = $1::uuid",
				campaignId,
			);
			return rows[0]?.n ?? -1;
		},
		async participationRows() {
			const rows = await sql<{ n: number }>(
				"select count(*)::int as n from invitation where campaign_id = $1::uuid",
				campaignId,
			);
			return rows[0]?.n ?? -1;
		},
		async deactivate(i) {
			await sql(
				"update employee set active = false where email = $1",
				person(i).email,
			);
		},
		logs: () => t.logs.join("\n"),
	};
}
