import type { Prisma, PrismaClient } from "@prisma/client";
import type pg from "pg";
import type { BallotStore } from "../domain/ballots/ballot-store.js";
import type { PooledBallot } from "../domain/ballots/pool-layer.js";
import type { CampaignStore } from "../domain/campaigns/campaign-store.js";
import type { ReportingGroup } from "../domain/campaigns/reporting-groups.js";
import type { PlatformUser } from "../domain/deliveries/platform.js";
import {
	asCampaignId,
	asEmployeeId,
	type CampaignId,
	type EmployeeId,
} from "../domain/ids.js";
import type { ParticipationStore } from "../domain/participation/participation-store.js";
import type {
	Campaign,
	CampaignStatus,
	CampaignSummary,
	ListedCampaignStatus,
	NewCampaign,
	OpeningCampaign,
	OpeningObserver,
	Participant,
	RecordResponseResult,
	RosterCell,
	RosterPagePerson,
	StoredRelease,
} from "../domain/ports.js";
import type { QuestionKey } from "../domain/questions/catalogue.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import {
	countPool,
	emptyPool,
	readPoolPages,
	vacuumPool,
} from "./ballot-pool.js";
import {
	defaultOpeningOptions,
	findOpening,
	type OpeningOptions,
	openInChunks,
} from "./campaign-opening.js";
import {
	eraseLeavers,
	participationCounts,
	purgeExpiredLedgers,
} from "./ledger-retention.js";
import {
	type ParticipantRow,
	participantSelect,
	toParticipant,
} from "./participant-row.js";
import { shufflePoolOnce } from "./pool-shuffle.js";
import { pgPoolOf } from "./prisma-client.js";
import { reachableOn } from "./reachable-on.js";

/** The campaign's columns a `Campaign` is made of, as Prisma names them. */
type CampaignRow = Pick<
	Prisma.CampaignGetPayload<object>,
	| "id"
	| "name"
	| "status"
	| "questions"
	| "channel"
	| "targetRate"
	| "closesOn"
	| "minCellSize"
	| "minGroupHeadcount"
	| "shuffleSize"
	| "retentionDays"
	| "gradeOrder"
	| "publicKey"
	| "poolKey"
	| "startedBy"
	| "reminderMax"
	| "reminderEveryDays"
	| "lowUptakePercent"
	| "workingHours"
	| "timeZone"
	| "runBy"
	| "contact"
	| "privacyUrl"
	| "leaderMessage"
	| "language"
	| "openedAt"
>;

/**
 * The same columns in plain SQL, under Prisma's names: the date as UTC midnight, as Prisma reads a `date`
 * (pg would read it as local midnight).
 */
const campaignColumns = `id::text as id, name, status, questions, channel, target_rate as "targetRate",
	(closes_on::timestamp at time zone 'UTC') as "closesOn", min_cell_size as "minCellSize",
	min_group_headcount as "minGroupHeadcount", shuffle_size as "shuffleSize", retention_days as "retentionDays",
	grade_order as "gradeOrder", public_key as "publicKey", pool_key as "poolKey", started_by as "startedBy",
	reminder_max as "reminderMax", reminder_every_days as "reminderEveryDays",
	low_uptake_percent as "lowUptakePercent", working_hours as "workingHours", time_zone as "timeZone",
	run_by as "runBy", contact, privacy_url as "privacyUrl", leader_message as "leaderMessage",
	language, opened_at as "openedAt"`;

function toCampaign(row: CampaignRow): Campaign {
	return {
		id: asCampaignId(row.id),
		name: row.name,
		status: row.status as CampaignStatus,
		questions: row.questions as QuestionKey[],
		channel: row.channel,
		targetRate: row.targetRate,
		closesOn: row.closesOn.toISOString().slice(0, 10),
		minCellSize: row.minCellSize,
		minGroupHeadcount: row.minGroupHeadcount,
		shuffleSize: row.shuffleSize,
		retentionDays: row.retentionDays,
		gradeOrder: row.gradeOrder,
		publicKey: Buffer.from(row.publicKey),
		wrappedPoolKey: row.poolKey ? Buffer.from(row.poolKey) : null,
		startedBy: row.startedBy,
		reminderMax: row.reminderMax,
		reminderEveryDays: row.reminderEveryDays,
		lowUptakePercent: row.lowUptakePercent,
		workingHours: row.workingHours,
		timeZone: row.timeZone,
		organiser: {
			runBy: row.runBy,
			contact: row.contact,
			privacyUrl: row.privacyUrl,
			message: row.leaderMessage,
		},
		language: row.language,
		openedAt: row.openedAt,
	};
}

/** The census store on PostgreSQL through Prisma: all three ports. No Prisma type leaves this file. */
/** The SQLSTATE `census_record_response` raises when the answer's write missed its deadline (it rolled back). */
const missedDeadline = "CB408";

export class CensusRepository
	implements CampaignStore, ParticipationStore, BallotStore
{
	constructor(
		private readonly db: PrismaClient,
		private readonly opening: OpeningOptions = defaultOpeningOptions,
	) {}

	async findOpenCampaign(): Promise<Campaign | null> {
		const row = await this.db.campaign.findFirst({
			where: { status: { in: ["open", "closing"] } },
		});
		return row ? toCampaign(row) : null;
	}

	/**
	 * Straight through pg: every answer's campaign is read here (once a second, see `campaignForAnswer`), and
	 * Prisma compiles each call again, which cost ten times the CPU of the read and held the event loop meanwhile.
	 */
	async findCampaign(id: string): Promise<Campaign | null> {
		if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
		const { rows } = await this.sql.query<CampaignRow>(
			`select ${campaignColumns} from campaign where id = $1::uuid`,
			[id],
		);
		const row = rows[0];
		return row ? toCampaign(row) : null;
	}

	async summariseActiveRoster(): Promise<RosterCell[]> {
		return this.db.$queryRawUnsafe<RosterCell[]>(
			`select e.department, e.grade, count(*)::int as people,
			        count(*) filter (where ${reachableOn("e", "$1")})::int as reachable
			 from employee e where e.active group by e.department, e.grade`,
			this.opening.platforms,
		);
	}

	async listActiveRosterPage(
		after: EmployeeId | null,
	): Promise<RosterPagePerson[]> {
		// Keyset paging on the primary key: each page is an index range scan, whatever the page's depth. A page is
		// an opening batch, so the opening holds a few batches' people at a time.
		const rows = await this.db.$queryRawUnsafe<
			{ id: string; department: string; timezone: string | null }[]
		>(
			`select e.id::text, e.department, e.timezone from employee e
			 where e.active and ($1::uuid is null or e.id > $1::uuid)
			 order by e.id limit $2`,
			after,
			this.opening.batchSize,
		);
		return rows.map((r) => ({
			employeeId: asEmployeeId(r.id),
			department: r.department,
			timeZone: r.timezone,
		}));
	}

	openCampaign(c: NewCampaign, observe?: OpeningObserver): Promise<Campaign> {
		return openInChunks(this.db, c, this.opening, observe).then(toCampaign);
	}

	async findOpeningCampaign(): Promise<OpeningCampaign | null> {
		const found = await findOpening(this.db, this.opening.staleAfterMs);
		return found && { ...found, campaign: toCampaign(found.row) };
	}

	async emailForUser(user: PlatformUser): Promise<string | null> {
		const row = await this.db.employee.findFirst({
			where:
				user.platform === "slack"
					? { slackUserId: user.id, active: true }
					: { teamsUserId: { in: teamsIdsOf(user) }, active: true },
			select: { email: true },
		});
		return row?.email ?? null;
	}

	async languagesOfUser(user: PlatformUser): Promise<(string | null)[]> {
		const row = await this.db.employee.findFirst({
			where:
				user.platform === "slack"
					? { slackUserId: user.id, active: true }
					: { teamsUserId: { in: teamsIdsOf(user) }, active: true },
			select: { language: true, platformLocale: true },
		});
		return row ? [row.language, row.platformLocale] : [];
	}

	// A platform user is resolved to a person only while that person is active: someone deactivated on the roster
	// (left, or removed by HR) is an outsider from then on, for answers, opt-outs and admin rights alike.
	async findParticipantByUser(
		campaignId: CampaignId,
		user: PlatformUser,
	): Promise<Participant | null> {
		return user.platform === "slack"
			? this.oneParticipant(
					`${participantSelect} where i.campaign_id = $1::uuid and e.slack_user_id = $2 and e.active`,
					[campaignId, user.id],
				)
			: this.oneParticipant(
					`${participantSelect} where i.campaign_id = $1::uuid and e.teams_user_id = any($2::text[]) and e.active limit 1`,
					[campaignId, teamsIdsOf(user)],
				);
	}

	async findParticipant(
		campaignId: CampaignId,
		employeeId: EmployeeId,
	): Promise<Participant | null> {
		return this.oneParticipant(
			`${participantSelect} where i.campaign_id = $1::uuid and i.employee_id = $2::uuid`,
			[campaignId, employeeId],
		);
	}

	/**
	 * The answer path's statements go to the pg pool under Prisma: through Prisma, even a raw query is compiled by
	 * its query compiler on every call, which cost more CPU than the rest of an answer together.
	 */
	private get sql(): pg.Pool {
		return pgPoolOf(this.db);
	}

	private async oneParticipant(
		text: string,
		values: unknown[],
	): Promise<Participant | null> {
		const { rows } = await this.sql.query<ParticipantRow>(text, values);
		return rows[0] ? toParticipant(rows[0]) : null;
	}

	async recordResponse(
		campaignId: CampaignId,
		employeeId: EmployeeId,
		ballot: PooledBallot,
		commitBy?: number,
	): Promise<{ outcome: RecordResponseResult; tail: number }> {
		// One round trip (prisma/functions/census_record_response.sql): no row every answer must
		// lock, only a lock answers share and close takes alone; the flip and the ballot commit together.
		// The time left is measured once a connection is ours, and the function counts it from its own start:
		// no clock is compared across machines.
		const client = await this.sql.connect();
		try {
			const budgetMs =
				commitBy === undefined
					? null
					: Math.floor(commitBy - performance.now());
			if (budgetMs !== null && budgetMs <= 0)
				return { outcome: "too-late", tail: 0 };
			const { rows } = await client.query<{
				outcome: RecordResponseResult;
				tail: number;
			}>(
				"select outcome, tail from census_record_response($1::uuid, $2::uuid, $3, $4::int)",
				[campaignId, employeeId, ballot, budgetMs],
			);
			const r = rows[0];
			if (!r) throw new Error("census_record_response returned nothing");
			return r;
		} catch (err) {
			if ((err as { code?: unknown }).code === missedDeadline)
				return { outcome: "too-late", tail: 0 };
			throw err;
		} finally {
			client.release();
		}
	}

	async shufflePool(
		campaignId: CampaignId,
		rewrap: (stored: Buffer) => PooledBallot,
		force = false,
	): Promise<number> {
		if (!force) {
			// Most answers find no shuffle due: say so without opening a transaction.
			const { rows: due } = await this.sql.query<{ due: boolean }>(
				`select (select count(*) from sealed_ballot where campaign_id = $1::uuid and not settled) >= shuffle_size as due
				 from campaign where id = $1::uuid and status = 'open'`,
				[campaignId],
			);
			if (!due[0]?.due) return 0;
		}
		const first = await shufflePoolOnce(
			pgPoolOf(this.db),
			campaignId,
			rewrap,
			force ? "force" : "due",
		);
		if (first.rewritten === 0) return 0;
		await this.vacuumPoolOnce();
		if (!first.whole) return first.rewritten;
		// A whole rewrite puts every row after the old ones, and its vacuum frees the front of the
		// table in one piece, which the next batches would then fill in arrival order. Rewriting the
		// whole pool once more fills that space in random order, and the vacuum after it truncates the
		// empty end: the table is compact again, and the only free space left is where batches take
		// their random sample from, so later batches land at random places too.
		const again = await shufflePoolOnce(
			pgPoolOf(this.db),
			campaignId,
			rewrap,
			"compact",
		);
		if (again.rewritten > 0) await this.vacuumPoolOnce();
		return first.rewritten;
	}

	private vacuuming: Promise<void> | null = null;
	private vacuumAgain = false;

	/**
	 * Vacuums the pool, one vacuum per process at a time: a shuffle that finishes while one runs asks for
	 * one more afterwards (that one may have passed its dead rows already), so none pile up waiting for
	 * the table's vacuum lock and none is missed.
	 */
	private async vacuumPoolOnce(): Promise<void> {
		if (this.vacuuming) {
			this.vacuumAgain = true;
			return this.vacuuming;
		}
		this.vacuuming = (async () => {
			try {
				do {
					this.vacuumAgain = false;
					await vacuumPool(this.sql);
				} while (this.vacuumAgain);
			} finally {
				this.vacuuming = null;
			}
		})();
		return this.vacuuming;
	}

	async purgeExpiredLedgers(
		now: Date,
		leaverRetentionDays: number,
	): Promise<number> {
		const purged = await purgeExpiredLedgers(this.db, now);
		await eraseLeavers(this.db, now, leaverRetentionDays);
		return purged;
	}

	async recordOptOut(
		campaignId: CampaignId,
		employeeId: EmployeeId,
	): Promise<void> {
		await this.db.$executeRawUnsafe(
			`update invitation set status = 'opted_out'
			 where campaign_id = $1::uuid and employee_id = $2::uuid and status in ('pending', 'invited')
			   and exists (select 1 from employee e where e.id = $2::uuid and e.active)`,
			campaignId,
			employeeId,
		);
	}

	participationCounts(campaignId: CampaignId) {
		return participationCounts(this.db, campaignId);
	}

	async listGroups(campaignId: CampaignId): Promise<ReportingGroup[]> {
		const rows = await this.db.campaignGroup.findMany({
			where: { campaignId },
			orderBy: { name: "asc" },
		});
		return rows.map((g) => ({
			name: g.name,
			departments: g.members,
			headcount: g.headcount,
		}));
	}

	async beginClose(campaignId: CampaignId): Promise<boolean> {
		// Taking the answers' lock alone waits for every answer in flight to commit; answers that
		// come after it see the campaign closing.
		const [, n] = await this.db.$transaction([
			this.db.$queryRawUnsafe(
				"select pg_advisory_xact_lock(hashtextextended($1::text, 728))::text as locked",
				campaignId,
			),
			this.db.$executeRawUnsafe(
				"update campaign set status = 'closing' where id = $1::uuid and status = 'open'",
				campaignId,
			),
		]);
		return n === 1;
	}

	async wrappedKeyOf(campaignId: CampaignId) {
		const c = await this.db.campaign.findUnique({
			where: { id: campaignId },
			select: { wrappedKey: true, tallyKeyId: true },
		});
		return c?.wrappedKey && c.tallyKeyId
			? { keyId: c.tallyKeyId, wrapped: Buffer.from(c.wrappedKey) }
			: null;
	}

	async listSealedCampaignKeys() {
		const rows = await this.db.campaign.findMany({
			where: { wrappedKey: { not: null }, status: { not: "abandoned" } },
			select: {
				id: true,
				name: true,
				publicKey: true,
				wrappedKey: true,
				tallyKeyId: true,
			},
			orderBy: { createdAt: "asc" },
		});
		return rows.map((r) => ({
			campaignId: asCampaignId(r.id),
			name: r.name,
			publicKey: Buffer.from(r.publicKey),
			key: {
				keyId: r.tallyKeyId ?? "none",
				wrapped: Buffer.from(r.wrappedKey ?? []),
			},
		}));
	}

	countPool(campaignId: CampaignId): Promise<number> {
		return countPool(this.sql, campaignId);
	}

	readPool(campaignId: CampaignId, pageSize: number): AsyncIterable<Buffer[]> {
		return readPoolPages(this.sql, campaignId, pageSize);
	}

	async closeWithReport(
		campaignId: CampaignId,
		report: CampaignReport,
		release: StoredRelease,
	): Promise<void> {
		await this.db.$transaction(
			async (tx) => {
				// Waits for a shuffle in flight, so none can put rewrapped ballots back after this.
				await tx.$queryRawUnsafe(
					"select pg_advisory_xact_lock(hashtextextended($1::text, 727))::text as locked",
					campaignId,
				);
				await emptyPool(tx, campaignId);
				await tx.campaign.update({
					where: { id: campaignId },
					data: {
						status: "closed",
						closedAt: new Date(),
						wrappedKey: null,
						poolKey: null,
						poolSettled: 0,
						poolLastFull: 0,
						report: report as unknown as Prisma.InputJsonValue,
					},
				});
				await tx.release.create({
					data: {
						campaignId: release.campaignId,
						kind: release.kind,
						releasedOn: new Date(`${release.releasedOn}T00:00:00Z`),
						counts: release.counts,
						body: report as unknown as Prisma.InputJsonValue,
					},
				});
				// Deleting a million ballots takes longer than Prisma's default 5 s.
			},
			{ timeout: 300_000, maxWait: 30_000 },
		);
		// Crypto-shredding: rewrite both tables so no dead row version keeps the key or a ballot.
		await this.db.$executeRawUnsafe("vacuum full campaign");
		await this.db.$executeRawUnsafe("vacuum full sealed_ballot");
	}

	async findReport(campaignId: CampaignId): Promise<CampaignReport | null> {
		const row = await this.db.campaign.findUnique({
			where: { id: campaignId },
			select: { report: true },
		});
		return (row?.report as CampaignReport | null | undefined) ?? null;
	}

	async listReleases(kind: StoredRelease["kind"]): Promise<StoredRelease[]> {
		const rows = await this.db.release.findMany({
			where: { kind },
			orderBy: [{ releasedOn: "asc" }, { id: "asc" }],
			select: { campaignId: true, kind: true, releasedOn: true, counts: true },
		});
		return rows.map((r) => ({
			campaignId: asCampaignId(r.campaignId),
			kind: r.kind as StoredRelease["kind"],
			releasedOn: r.releasedOn.toISOString().slice(0, 10),
			counts: r.counts as Record<string, number>,
		}));
	}

	async markPublished(campaignId: CampaignId, on: string): Promise<void> {
		await this.db.campaign.updateMany({
			where: { id: campaignId, status: "closed", publishedOn: null },
			data: { publishedOn: new Date(`${on}T00:00:00Z`) },
		});
	}

	async listCampaigns(
		limit: number,
		filter: { id?: string; status?: ListedCampaignStatus },
	): Promise<CampaignSummary[]> {
		const uuid =
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
		if (filter.id !== undefined && !uuid.test(filter.id)) return [];
		const rows = await this.db.campaign.findMany({
			where: {
				// A campaign still being opened (or given up on) is not a campaign yet.
				status: filter.status ?? { notIn: ["draft", "opening", "abandoned"] },
				...(filter.id ? { id: filter.id } : {}),
			},
			orderBy: { createdAt: "desc" },
			take: limit,
			select: {
				id: true,
				name: true,
				status: true,
				closesOn: true,
				channel: true,
				publishedOn: true,
				language: true,
			},
		});
		const out: CampaignSummary[] = [];
		for (const r of rows) {
			const counts = await participationCounts(this.db, asCampaignId(r.id));
			const invited = counts.reduce((s, c) => s + c.count, 0);
			const responded = counts
				.filter((c) => c.status === "responded")
				.reduce((s, c) => s + c.count, 0);
			out.push({
				id: asCampaignId(r.id),
				name: r.name,
				status: r.status as ListedCampaignStatus,
				closesOn: r.closesOn.toISOString().slice(0, 10),
				channel: r.channel,
				responseRatePercent:
					invited === 0 ? 0 : Math.round((100 * responded) / invited),
				publishedOn: r.publishedOn?.toISOString().slice(0, 10) ?? null,
				language: r.language,
			});
		}
		return out;
	}
}

/** The ids a roster's `teams_user_id` may hold for this person. */
function teamsIdsOf(
	user: Extract<PlatformUser, { platform: "teams" }>,
): string[] {
	return user.aadObjectId ? [user.id, user.aadObjectId] : [user.id];
}
