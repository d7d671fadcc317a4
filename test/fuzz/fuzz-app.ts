import pg from "pg";
import {
	AnswerAdmission,
	defaultAnswerAdmissionLimits,
} from "../../src/chat/answer-admission.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import type {
	TeamsActivityContext,
	TeamsTestUser,
} from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import {
	importPeople,
	startTestCensus,
	type TestCensus,
	testTeamsApp,
} from "../support/start-test-census.js";

/** `CENSUS_FUZZ=full` (npm run test:fuzz) runs the battery at its full sizes; `npm test` at the small ones. */
export const fuzzFull = process.env.CENSUS_FUZZ === "full";

/** How long one property may run: the small share takes a minute or two on a small machine, the full one hours. */
export const fuzzTimeoutMs = fuzzFull ? 7_200_000 : 600_000;

/** How long stopping the fuzz app may take: on a loaded machine it took over vitest's default 10 s (F1's full run). */
export const fuzzStopTimeoutMs = 120_000;

/**
 * How many inputs a property gets: `pr` in `npm test`, `full` in `npm run test:fuzz`, or CENSUS_FUZZ_RUNS when given
 * (a size between the two, to confirm a fix).
 */
export function fuzzRuns(pr: number, full: number): number {
	const asked = Number(process.env.CENSUS_FUZZ_RUNS);
	if (Number.isInteger(asked) && asked > 0) return asked;
	return fuzzFull ? full : pr;
}

/** A fixed seed unless one is given (CENSUS_FUZZ_SEED), so a failure can be replayed. */
export const fuzzSeed = Number(process.env.CENSUS_FUZZ_SEED ?? 20261205);

/**
 * The path fast-check reported for a failure (CENSUS_FUZZ_PATH, with its seed in CENSUS_FUZZ_SEED): the property
 * runs that one batch instead of all that came before it.
 */
export const fuzzPath: string | undefined = process.env.CENSUS_FUZZ_PATH;

/** fast-check's options for a property run in batches: the seed, and the path when one failure is replayed. */
export function fuzzCheckOptions(total: number, batch: number) {
	return {
		numRuns: Math.ceil(total / batch),
		seed: fuzzSeed,
		endOnFailure: true,
		...(fuzzPath ? { path: fuzzPath } : {}),
	};
}

/** What changed in the census: decided invitations (responded or opted out) and sealed ballots in the pool. */
export type CensusCounts = { participation: number; ballots: number };

/** The whole app (Slack and Teams), a roster on both platforms, an open census, and watchers for faults. */
export type FuzzApp = {
	t: TestCensus;
	people: SyntheticEmployee[];
	admin: SyntheticEmployee;
	/** The census admins' emails: the Slack admin's and a Teams person's. */
	admins: string[];
	campaignId: string;
	ctx: TeamsActivityContext;
	teams: TeamsActivitySender;
	/** Unhandled rejections and uncaught exceptions seen while the app ran. */
	faults: string[];
	counts(): Promise<CensusCounts>;
	/**
	 * Drops what the fakes and the log recorded so far (Slack's Web API calls and response-URL posts, the Bot
	 * Connector's calls, the app's log lines). A full run sends 100,000 requests: kept, they grow the heap and
	 * every later search of them. Call it between batches, when nothing in flight still needs them.
	 */
	forget(): void;
	stop(): Promise<void>;
};

/** How a roster person appears to the bot in Teams. */
export function teamsUserOf(p: SyntheticEmployee): TeamsTestUser {
	return {
		id: `29:${p.teamsUserId}`,
		aadObjectId: p.teamsUserId,
		name: p.email,
	};
}

export async function startFuzzApp(label: string, size = 40): Promise<FuzzApp> {
	const faults: string[] = [];
	const onRejection = (reason: unknown) =>
		void faults.push(`unhandled rejection: ${String(reason)}`);
	const onException = (err: unknown) =>
		void faults.push(`uncaught exception: ${String(err)}`);
	process.on("unhandledRejection", onRejection);
	process.on("uncaughtException", onException);
	const people = generateOrganisation(size, 7, "both");
	const admin = people[0] as SyntheticEmployee;
	const teamsAdmin = people.find((p) => p.platform === "teams");
	const admins = [admin.email, teamsAdmin?.email ?? ""];
	const t = await startTestCensus({
		admins,
		label,
		teams: {},
		// Answers are not shed as "busy" after 1.5 s: on a loaded machine running the battery's files at once,
		// X2's and F3's answers were, and the properties are about input, not load (shedding has its own tests).
		answerAdmission: new AnswerAdmission({
			...defaultAnswerAdmissionLimits,
			maxWaitMs: 60_000,
			commitWithinMs: 60_000,
		}),
	});
	if ((await importPeople(t, people)) !== 0)
		throw new Error("roster import failed");
	const started = await t.runtime.service.start(
		{
			name: "Fuzz census",
			closesOn: "2099-01-01",
			channel: "#leadership",
			targetRate: 70,
			questions: ["key", "school", "fsm", "parents_degree"],
		},
		admin.slackUserId,
	);
	if (!started.ok) throw new Error(`not started: ${started.reason}`);
	const connector = t.connector;
	if (!connector) throw new Error("the fuzz app runs on Teams too");
	const ctx: TeamsActivityContext = {
		serviceUrl: connector.serviceUrl,
		tenantId: testTeamsApp.tenantId,
		appId: testTeamsApp.appId,
	};
	const teams = new TeamsActivitySender({
		messagesUrl: `${t.runtime.url}/api/messages`,
		appId: testTeamsApp.appId,
		signer: connector.signer,
		reuseTokens: true,
	});
	const raw = new pg.Client({ connectionString: t.db.url });
	await raw.connect();
	return {
		t,
		people,
		admin,
		admins,
		campaignId: started.campaign.id,
		ctx,
		teams,
		faults,
		async counts() {
			const r = await raw.query(
				`select (select count(*)::int from invitation where status in ('responded', 'opted_out')) as participation,
				        (select count(*)::int from sealed_ballot) as ballots`,
			);
			return r.rows[0] as CensusCounts;
		},
		forget() {
			t.fake.calls.length = 0;
			t.fake.responses.length = 0;
			connector.calls.length = 0;
			t.logs.length = 0;
		},
		async stop() {
			process.off("unhandledRejection", onRejection);
			process.off("uncaughtException", onException);
			await raw.end();
			await t.stop();
		},
	};
}

/** The last tenth of its inputs each property reported. */
const reportedTenths = new Map<string, number>();

/** In a full run, a line each time a property passes another tenth of its inputs: hours are long without one. */
export function progress(
	property: string,
	done: number,
	total: number,
	started: number,
): void {
	if (!fuzzFull) return;
	const tenth = Math.floor((done * 10) / total);
	if (tenth <= (reportedTenths.get(property) ?? 0)) return;
	reportedTenths.set(property, tenth);
	const s = (performance.now() - started) / 1000;
	console.info(
		`${property}: ${done} of ${total} in ${s.toFixed(0)} s (${(done / s).toFixed(1)}/s)`,
	);
}

/** Runs `f` over `items`, `width` at a time. */
export async function inParallel<T, R>(
	items: readonly T[],
	width: number,
	f: (item: T) => Promise<R>,
): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(width, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await f(items[i] as T);
			}
		}),
	);
	return out;
}
