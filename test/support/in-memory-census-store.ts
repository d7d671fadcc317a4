import type { BallotStore } from "../../src/domain/ballots/ballot-store.js";
import type { WrappedCampaignKey } from "../../src/domain/ballots/key-custody.js";
import { shuffleInPlace } from "../../src/domain/ballots/shuffle-in-place.js";
import type { CampaignStore } from "../../src/domain/campaigns/campaign-store.js";
import type { ReportingGroup } from "../../src/domain/campaigns/reporting-groups.js";
import type { PlatformUser } from "../../src/domain/deliveries/platform.js";
import type { CampaignId, EmployeeId } from "../../src/domain/ids.js";
import type { ParticipationStore } from "../../src/domain/participation/participation-store.js";
import type { ParticipationStatus } from "../../src/domain/participation/response-rates.js";
import {
	type Campaign,
	CampaignAlreadyOpenError,
	type CensusStore,
	type ListedCampaignStatus,
	type Participant,
	type RosterCell,
	type StoredRelease,
} from "../../src/domain/ports.js";
import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";

/** A person on the fake's roster. */
export type RosterPerson = {
	employeeId: EmployeeId;
	email: string;
	department: string;
	grade: string;
	timeZone?: string | null;
	/** Whether a platform reaches them (default true). */
	reachable?: boolean;
	/** False once they have left (default true). */
	active?: boolean;
	slackUserId?: string | null;
	teamsUserId?: string | null;
	/** The roster's language for them (BCP 47), if any. */
	language?: string | null;
};

type Ledger = Map<
	EmployeeId,
	{ reportGroup: string; status: ParticipationStatus }
>;

type StoredCampaign = {
	campaign: Campaign;
	groups: ReportingGroup[];
	key: WrappedCampaignKey | null;
	report: CampaignReport | null;
	publishedOn: string | null;
	closedAt: Date | null;
};

/** What the three fakes share, as the database's tables are shared: open for a test to look at or tamper with. */
export type InMemoryCensusState = {
	roster: Map<EmployeeId, RosterPerson>;
	/** In creation order. */
	campaigns: Map<CampaignId, StoredCampaign>;
	/** The participation ledger: who, never what. */
	invitations: Map<CampaignId, Ledger>;
	/** Ledgers reduced to counts once their retention passed. */
	summaries: Map<
		CampaignId,
		{ group: string; status: ParticipationStatus; count: number }[]
	>;
	/** The pool: ballots only, no one's id; `tail` is how many arrived since the last shuffle. */
	pools: Map<CampaignId, { ballots: Buffer[]; tail: number }>;
	releases: StoredRelease[];
};

const live: ReadonlySet<string> = new Set(["opening", "open", "closing"]);

function stored(state: InMemoryCensusState, id: CampaignId): StoredCampaign {
	const found = state.campaigns.get(id);
	if (!found) throw new Error(`no campaign ${id}`);
	return found;
}

/** Active people in employee id order, as the database's keyset paging reads them. */
function activeRoster(state: InMemoryCensusState): RosterPerson[] {
	return [...state.roster.values()]
		.filter((p) => p.active !== false)
		.sort((a, b) =>
			a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0,
		);
}

/** Small, so that a test's roster of a few people already spans pages. */
const rosterPageSize = 2;

function ledgerOf(state: InMemoryCensusState, id: CampaignId): Ledger {
	return state.invitations.get(id) ?? new Map();
}

/** Campaigns, the frozen roster, groups, keys, reports and releases, in memory. Opens a campaign in one step. */
export function inMemoryCampaignStore(
	state: InMemoryCensusState,
	participation: Pick<ParticipationStore, "participationCounts">,
): CampaignStore {
	return {
		async findOpenCampaign() {
			for (const c of state.campaigns.values())
				if (c.campaign.status === "open" || c.campaign.status === "closing")
					return c.campaign;
			return null;
		},
		async findCampaign(id) {
			return state.campaigns.get(id as CampaignId)?.campaign ?? null;
		},
		async summariseActiveRoster() {
			const cells = new Map<string, RosterCell>();
			for (const p of activeRoster(state)) {
				const key = JSON.stringify([p.department, p.grade]);
				const cell = cells.get(key) ?? {
					department: p.department,
					grade: p.grade,
					people: 0,
					reachable: 0,
				};
				cell.people += 1;
				if (p.reachable !== false) cell.reachable += 1;
				cells.set(key, cell);
			}
			return [...cells.values()];
		},
		async listActiveRosterPage(after) {
			return activeRoster(state)
				.filter((p) => after === null || p.employeeId > after)
				.slice(0, rosterPageSize)
				.map((p) => ({
					employeeId: p.employeeId,
					department: p.department,
					timeZone: p.timeZone ?? null,
				}));
		},
		async openCampaign(c, observe) {
			for (const other of state.campaigns.values())
				if (live.has(other.campaign.status))
					throw new CampaignAlreadyOpenError();
			const {
				wrappedPrivateKey,
				wrappedPoolKey,
				groups,
				invitations,
				waves: _waves,
				...settings
			} = c;
			const campaign: Campaign = {
				...settings,
				status: "open",
				wrappedPoolKey,
				openedAt: new Date(),
			};
			const ledger: Ledger = new Map();
			for await (const page of invitations.pages())
				for (const i of page)
					ledger.set(i.employeeId, {
						reportGroup: i.reportGroup,
						status:
							state.roster.get(i.employeeId)?.reachable === false
								? "unreachable"
								: "pending",
					});
			state.invitations.set(c.id, ledger);
			state.pools.set(c.id, { ballots: [], tail: 0 });
			state.campaigns.set(c.id, {
				campaign,
				groups,
				key: wrappedPrivateKey,
				report: null,
				publishedOn: null,
				closedAt: null,
			});
			await observe?.({
				kind: "written",
				campaignId: c.id,
				written: ledger.size,
				total: invitations.total,
			});
			return campaign;
		},
		async findOpeningCampaign() {
			return null;
		},
		async listGroups(id) {
			return [...stored(state, id).groups].sort((a, b) =>
				a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
			);
		},
		async beginClose(id) {
			const c = stored(state, id);
			if (c.campaign.status !== "open") return false;
			c.campaign = { ...c.campaign, status: "closing" };
			return true;
		},
		async wrappedKeyOf(id) {
			return state.campaigns.get(id)?.key ?? null;
		},
		async listSealedCampaignKeys() {
			return [...state.campaigns.values()].flatMap((c) =>
				c.key && c.campaign.status !== "abandoned"
					? [
							{
								campaignId: c.campaign.id,
								name: c.campaign.name,
								publicKey: c.campaign.publicKey,
								key: c.key,
							},
						]
					: [],
			);
		},
		async closeWithReport(id, report, release) {
			const c = stored(state, id);
			state.pools.set(id, { ballots: [], tail: 0 });
			c.campaign = { ...c.campaign, status: "closed", wrappedPoolKey: null };
			c.key = null;
			c.report = report;
			c.closedAt = new Date();
			state.releases.push(release);
		},
		async findReport(id) {
			return state.campaigns.get(id)?.report ?? null;
		},
		async listReleases(kind) {
			return state.releases.filter((r) => r.kind === kind);
		},
		async markPublished(id, on) {
			const c = stored(state, id);
			if (c.campaign.status === "closed" && c.publishedOn === null)
				c.publishedOn = on;
		},
		async listCampaigns(limit, filter) {
			const listed = [...state.campaigns.values()]
				.reverse()
				.filter(
					(c) =>
						(filter.id === undefined || c.campaign.id === filter.id) &&
						(filter.status
							? c.campaign.status === filter.status
							: !["draft", "opening", "abandoned"].includes(c.campaign.status)),
				)
				.slice(0, limit);
			return Promise.all(
				listed.map(async (c) => {
					const counts = await participation.participationCounts(c.campaign.id);
					const invited = counts.reduce((s, x) => s + x.count, 0);
					const responded = counts
						.filter((x) => x.status === "responded")
						.reduce((s, x) => s + x.count, 0);
					return {
						id: c.campaign.id,
						name: c.campaign.name,
						status: c.campaign.status as ListedCampaignStatus,
						closesOn: c.campaign.closesOn,
						channel: c.campaign.channel,
						responseRatePercent:
							invited === 0 ? 0 : Math.round((100 * responded) / invited),
						publishedOn: c.publishedOn,
						language: c.campaign.language ?? null,
					};
				}),
			);
		},
	};
}

/** The participation ledger and who a platform user is, in memory. Leavers are not erased (no deactivation dates). */
export function inMemoryParticipationStore(
	state: InMemoryCensusState,
): ParticipationStore {
	const active = (p: RosterPerson | undefined) =>
		p && p.active !== false ? p : undefined;
	const participant = (
		campaignId: CampaignId,
		person: RosterPerson | undefined,
	): Participant | null => {
		const entry = person && ledgerOf(state, campaignId).get(person.employeeId);
		if (!person || !entry) return null;
		return {
			campaignId,
			employeeId: person.employeeId,
			reportGroup: entry.reportGroup,
			grade: person.grade,
			status: entry.status,
			active: person.active !== false,
			slackUserId: person.slackUserId ?? null,
			dmChannel: null,
			messageTs: null,
		};
	};
	const byUser = (user: PlatformUser) =>
		active(
			[...state.roster.values()].find((p) =>
				user.platform === "slack"
					? p.slackUserId === user.id
					: p.teamsUserId != null &&
						(p.teamsUserId === user.id || p.teamsUserId === user.aadObjectId),
			),
		);
	const countsOf = (campaignId: CampaignId) => {
		const counts = new Map<
			string,
			{ group: string; status: ParticipationStatus; count: number }
		>();
		for (const i of ledgerOf(state, campaignId).values()) {
			const key = `${i.reportGroup}\u0000${i.status}`;
			const row = counts.get(key) ?? {
				group: i.reportGroup,
				status: i.status,
				count: 0,
			};
			row.count += 1;
			counts.set(key, row);
		}
		return [...counts.values(), ...(state.summaries.get(campaignId) ?? [])];
	};
	return {
		async emailForUser(user) {
			return byUser(user)?.email ?? null;
		},
		async languagesOfUser(user) {
			const person = byUser(user);
			return person ? [person.language ?? null, null] : [];
		},
		async findParticipantByUser(campaignId, user) {
			return participant(campaignId, byUser(user));
		},
		async findParticipant(campaignId, employeeId) {
			return participant(campaignId, state.roster.get(employeeId));
		},
		async recordOptOut(campaignId, employeeId) {
			const entry = ledgerOf(state, campaignId).get(employeeId);
			if (
				entry &&
				active(state.roster.get(employeeId)) &&
				(entry.status === "pending" || entry.status === "invited")
			)
				entry.status = "opted_out";
		},
		async participationCounts(campaignId) {
			return countsOf(campaignId);
		},
		async purgeExpiredLedgers(now) {
			let purged = 0;
			for (const c of state.campaigns.values()) {
				const ledger = state.invitations.get(c.campaign.id);
				if (!c.closedAt || !ledger) continue;
				const expires =
					c.closedAt.getTime() + c.campaign.retentionDays * 86_400_000;
				if (now.getTime() < expires) continue;
				state.summaries.set(c.campaign.id, countsOf(c.campaign.id));
				state.invitations.delete(c.campaign.id);
				purged += 1;
			}
			return purged;
		},
	};
}

/** The ballot pool in memory: ballots without ids, the participation flip written with each. */
export function inMemoryBallotStore(state: InMemoryCensusState): BallotStore {
	const poolOf = (id: CampaignId) => {
		const pool = state.pools.get(id);
		if (!pool) throw new Error(`no pool for ${id}`);
		return pool;
	};
	return {
		async recordResponse(campaignId, employeeId, ballot, commitBy) {
			// As the database's function: past its deadline, nothing is written.
			if (commitBy !== undefined && performance.now() > commitBy)
				return { outcome: "too-late", tail: 0 };
			const entry = ledgerOf(state, campaignId).get(employeeId);
			if (!entry || state.roster.get(employeeId)?.active === false)
				return { outcome: "not-invited", tail: 0 };
			if (state.campaigns.get(campaignId)?.campaign.status !== "open")
				return {
					outcome:
						entry.status === "responded"
							? "already-responded"
							: "campaign-closed",
					tail: 0,
				};
			if (entry.status === "responded")
				return { outcome: "already-responded", tail: 0 };
			entry.status = "responded";
			const pool = poolOf(campaignId);
			pool.ballots.push(Buffer.from(ballot));
			pool.tail += 1;
			return { outcome: "recorded", tail: pool.tail };
		},
		async shufflePool(campaignId, rewrap, force = false) {
			const c = state.campaigns.get(campaignId);
			const pool = poolOf(campaignId);
			const due = force
				? pool.tail > 0
				: c?.campaign.status === "open" && pool.tail >= c.campaign.shuffleSize;
			if (!due) return 0;
			// The whole pool, rewritten and reordered: simpler than `planMix`'s sample, and no weaker.
			pool.ballots = pool.ballots.map((b) => Buffer.from(rewrap(b)));
			shuffleInPlace(pool.ballots);
			pool.tail = 0;
			return pool.ballots.length;
		},
		async countPool(campaignId) {
			return state.pools.get(campaignId)?.ballots.length ?? 0;
		},
		async *readPool(campaignId, pageSize) {
			const ballots = [...(state.pools.get(campaignId)?.ballots ?? [])];
			shuffleInPlace(ballots);
			for (let i = 0; i < ballots.length; i += pageSize)
				yield ballots.slice(i, i + pageSize);
		},
	};
}

/** The three in-memory ports over one shared state, and all three as one store, as the repository is. */
export function inMemoryCensusStore(roster: readonly RosterPerson[]): {
	state: InMemoryCensusState;
	campaigns: CampaignStore;
	participation: ParticipationStore;
	ballots: BallotStore;
	store: CensusStore;
} {
	const state: InMemoryCensusState = {
		roster: new Map(roster.map((p) => [p.employeeId, { ...p }])),
		campaigns: new Map(),
		invitations: new Map(),
		summaries: new Map(),
		pools: new Map(),
		releases: [],
	};
	const participation = inMemoryParticipationStore(state);
	const campaigns = inMemoryCampaignStore(state, participation);
	const ballots = inMemoryBallotStore(state);
	return {
		state,
		campaigns,
		participation,
		ballots,
		store: { ...campaigns, ...participation, ...ballots },
	};
}
