import type pg from "pg";
import type {
	ClaimedDelivery,
	ClaimResult,
	DeliveryCount,
	DeliveryKind,
	DeliveryRecipient,
	DeliveryState,
	InFlightDelivery,
	InviteIdsCount,
	NewDelivery,
	OutboxStore,
	PendingDeliveries,
	QueuedDelivery,
	RoutableDelivery,
} from "../domain/deliveries/outbox-store.js";
import { asCampaignId, asEmployeeId, type CampaignId } from "../domain/ids.js";
import { MicroBatch } from "./micro-batch.js";

type QueuedRow = { id: string; generation: number; not_before: Date };

const toQueued = (r: QueuedRow): QueuedDelivery => ({
	id: r.id,
	generation: r.generation,
	notBefore: new Date(r.not_before),
});

type RoutableRow = QueuedRow & {
	kind: string;
	recipient: string;
	slack_user_id: string | null;
	teams_user_id: string | null;
};

type ClaimRow = {
	id: string;
	campaign_id: string;
	kind: string;
	wave: number;
	employee_id: string | null;
	recipient: string;
	payload: unknown;
	slack_user_id: string | null;
	teams_user_id: string | null;
	participation: string | null;
	campaign_status: string;
	language: string | null;
	platform_locale: string | null;
};

type PeekRow = {
	id: string;
	campaign_id: string;
	kind: string;
	state: string;
	slack_user_id: string | null;
	teams_user_id: string | null;
	timezone: string | null;
	participation: string | null;
	campaign_status: string;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The SQL the outbox needs: a pg pool (shared with Prisma, see `createDatabase`). */
export type SqlPool = Pick<pg.Pool, "query">;

/**
 * The delivery outbox on PostgreSQL. Every state change is one conditional UPDATE, so claims are atomic. It speaks
 * SQL to pg directly: at a thousand sends a second, Prisma's raw queries cost the worker more CPU than the send.
 */
export class OutboxRepository implements OutboxStore {
	constructor(private readonly db: SqlPool) {}

	private async rows<T extends pg.QueryResultRow>(
		text: string,
		...params: unknown[]
	): Promise<T[]> {
		return (await this.db.query<T>(text, params)).rows;
	}

	private async execute(text: string, ...params: unknown[]): Promise<number> {
		return (await this.db.query(text, params)).rowCount ?? 0;
	}

	async createDeliveries(rows: NewDelivery[]): Promise<QueuedDelivery[]> {
		const created: QueuedDelivery[] = [];
		for (let i = 0; i < rows.length; i += 5000) {
			const batch = rows.slice(i, i + 5000);
			const out = await this.rows<QueuedRow>(
				`insert into delivery (id, campaign_id, kind, wave, employee_id, recipient, not_before, payload)
				 select gen_random_uuid(), t.c, t.k, t.w, t.e, t.r, t.nb, t.p
				 from unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::timestamptz[], $7::jsonb[])
				      as t(c, k, w, e, r, nb, p)
				 on conflict (campaign_id, kind, wave, recipient) do nothing
				 returning id::text, generation, not_before`,
				batch.map((r) => r.campaignId),
				batch.map((r) => r.kind),
				batch.map((r) => r.wave),
				batch.map((r) => r.employeeId),
				batch.map((r) => r.recipient),
				batch.map((r) => r.notBefore),
				batch.map((r) => (r.payload ? JSON.stringify(r.payload) : null)),
			);
			created.push(...out.map(toQueued));
		}
		return created;
	}

	async listQueued(opts: {
		all: boolean;
		limit: number;
	}): Promise<RoutableDelivery[]> {
		// A campaign still being opened has its invitations in the outbox already; none is handed to the queue
		// before it is open (a worker would cancel them as "campaign not open").
		const rows = await this.rows<RoutableRow>(
			`select d.id::text, d.generation, d.not_before, d.kind, d.recipient, e.slack_user_id, e.teams_user_id
			 from delivery d
			 join campaign k on k.id = d.campaign_id and k.status not in ('draft', 'opening', 'abandoned')
			 left join employee e on e.id = d.employee_id
			 where d.state = 'queued' ${opts.all ? "" : "and not d.enqueued"}
			 order by d.not_before limit $1`,
			opts.limit,
		);
		return rows.map((r) => ({
			...toQueued(r),
			kind: r.kind as DeliveryKind,
			recipient: r.recipient,
			slackUserId: r.slack_user_id,
			teamsUserId: r.teams_user_id,
		}));
	}

	async markEnqueued(ids: string[]): Promise<void> {
		// In small statements: workers claim these rows the moment their jobs are in Redis, and a claim waits for
		// the row lock of the statement marking it.
		for (let i = 0; i < ids.length; i += 1000)
			await this.execute(
				"update delivery set enqueued = true where id = any($1::uuid[]) and not enqueued",
				ids.slice(i, i + 1000),
			);
	}

	forgetEnqueued(): Promise<number> {
		return this.execute(
			"update delivery set enqueued = false where state = 'queued' and enqueued",
		);
	}

	// Claims and finishes from concurrent jobs share round trips: at hundreds of sends a second, one UPDATE per
	// send would make PostgreSQL the bottleneck.
	private readonly claims = new MicroBatch<string, ClaimResult>((ids) =>
		this.claimMany(ids),
	);
	private readonly finishes = new MicroBatch<
		{ id: string; state: DeliveryState; ref: string | null },
		undefined
	>((rows) => this.finishMany(rows));

	private readonly peeks = new MicroBatch<string, DeliveryRecipient | null>(
		(ids) => this.peekMany(ids),
	);

	peek(id: string): Promise<DeliveryRecipient | null> {
		if (!uuid.test(id)) return Promise.resolve(null);
		return this.peeks.call(id);
	}

	private async peekMany(ids: string[]): Promise<(DeliveryRecipient | null)[]> {
		const rows = await this.rows<PeekRow>(
			`select d.id::text, d.campaign_id::text, d.kind, d.state, e.slack_user_id, e.teams_user_id, e.timezone,
			        i.status as participation, k.status as campaign_status
			 from delivery d join campaign k on k.id = d.campaign_id
			 left join employee e on e.id = d.employee_id
			 left join invitation i on i.campaign_id = d.campaign_id and i.employee_id = d.employee_id
			 where d.id = any($1::uuid[])`,
			ids,
		);
		const found = new Map(rows.map((r) => [r.id, r]));
		return ids.map((id) => {
			const r = found.get(id);
			return r
				? {
						id: r.id,
						campaignId: asCampaignId(r.campaign_id),
						kind: r.kind as DeliveryKind,
						state: r.state as DeliveryState,
						slackUserId: r.slack_user_id,
						teamsUserId: r.teams_user_id,
						timeZone: r.timezone,
						participation: r.participation,
						campaignStatus: r.campaign_status,
					}
				: null;
		});
	}

	async hold(id: string, until: Date): Promise<boolean> {
		return (
			(await this.execute(
				"update delivery set not_before = $2 where id = $1::uuid and state = 'queued'",
				id,
				until,
			)) > 0
		);
	}

	claim(id: string): Promise<ClaimResult> {
		if (!uuid.test(id)) return Promise.resolve({ outcome: "gone" });
		return this.claims.call(id);
	}

	private async claimMany(ids: string[]): Promise<ClaimResult[]> {
		const rows = await this.rows<ClaimRow>(
			`with c as (
			   update delivery set state = 'sending', attempts = attempts + 1
			   where id = any($1::uuid[]) and state = 'queued'
			   returning id, campaign_id, kind, wave, employee_id, recipient, payload)
			 select c.id::text, c.campaign_id::text, c.kind, c.wave, c.employee_id::text, c.recipient, c.payload,
			        e.slack_user_id, e.teams_user_id, i.status as participation, k.status as campaign_status,
			        e.language, e.platform_locale
			 from c join campaign k on k.id = c.campaign_id
			 left join employee e on e.id = c.employee_id
			 left join invitation i on i.campaign_id = c.campaign_id and i.employee_id = c.employee_id`,
			ids,
		);
		const claimed = new Map(rows.map((r) => [r.id, toClaimed(r)]));
		const rest = ids.filter((id) => !claimed.has(id));
		// Still "sending": the worker that claimed it stopped mid-send, so it may have gone out.
		const cut =
			rest.length === 0
				? []
				: await this.rows<{ id: string }>(
						"update delivery set state = 'unknown', settled_at = now() where id = any($1::uuid[]) and state = 'sending' returning id::text",
						rest,
					);
		const interrupted = new Set(cut.map((r) => r.id));
		// The same id twice in one batch: only the first caller gets it.
		const handedOut = new Set<string>();
		return ids.map((id): ClaimResult => {
			if (handedOut.has(id)) return { outcome: "gone" };
			handedOut.add(id);
			const d = claimed.get(id);
			if (d) return { outcome: "claimed", delivery: d };
			return interrupted.has(id)
				? { outcome: "interrupted" }
				: { outcome: "gone" };
		});
	}

	async release(id: string): Promise<void> {
		await this.execute(
			"update delivery set state = 'queued' where id = $1::uuid and state = 'sending'",
			id,
		);
	}

	async finish(
		id: string,
		state: Exclude<DeliveryState, "queued" | "sending">,
		platformRef?: string,
	): Promise<void> {
		await this.finishes.call({ id, state, ref: platformRef ?? null });
	}

	private async finishMany(
		rows: { id: string; state: DeliveryState; ref: string | null }[],
	): Promise<undefined[]> {
		// A send that completes after its attempt was declared cut off ("unknown") still counts as sent. An
		// invitation's outcome is mirrored in the participation ledger: sent → invited, undeliverable.
		await this.execute(
			`with t as (select * from unnest($1::uuid[], $2::text[], $3::text[]) as t(id, st, ref)),
			 d as (
			   update delivery d set state = t.st, platform_ref = coalesce(t.ref, d.platform_ref),
			     settled_at = coalesce(d.settled_at, now())
			   from t where d.id = t.id and (d.state = 'sending' or (t.st = 'sent' and d.state = 'unknown'))
			   returning d.campaign_id, d.employee_id, d.kind, d.state, d.platform_ref)
			 update invitation i set
			   status = case
			     when d.state = 'sent' and i.status = 'pending' then 'invited'
			     when d.state = 'undeliverable' and i.status = 'pending' then 'undeliverable'
			     else i.status end,
			   dm_channel = case when d.state = 'sent' then split_part(d.platform_ref, ':', 1) else i.dm_channel end,
			   message_ts = case when d.state = 'sent' then split_part(d.platform_ref, ':', 2) else i.message_ts end
			 from d where d.kind = 'invite' and i.campaign_id = d.campaign_id and i.employee_id = d.employee_id`,
			rows.map((r) => r.id),
			rows.map((r) => r.state),
			rows.map((r) => r.ref),
		);
		return rows.map(() => undefined);
	}

	async listInFlight(
		limit: number,
		after?: string,
	): Promise<InFlightDelivery[]> {
		// Keyset pages in the order of the partial index `delivery_in_flight_idx`: a page reads its rows alone.
		const rows = await this.rows<RoutableRow & { state: "queued" | "sending" }>(
			`select d.id::text, d.generation, d.not_before, d.state, d.kind, d.recipient, e.slack_user_id, e.teams_user_id
			 from delivery d
			 left join employee e on e.id = d.employee_id
			 where ((d.state = 'queued' and d.enqueued) or d.state = 'sending')
			   ${after ? "and (d.not_before, d.id) > (select c.not_before, c.id from delivery c where c.id = $2::uuid)" : ""}
			 order by d.not_before, d.id limit $1`,
			limit,
			...(after ? [after] : []),
		);
		return rows.map((r) => ({
			...toQueued(r),
			state: r.state,
			kind: r.kind as DeliveryKind,
			recipient: r.recipient,
			slackUserId: r.slack_user_id,
			teamsUserId: r.teams_user_id,
		}));
	}

	async abandonClaims(ids: string[]): Promise<number> {
		if (ids.length === 0) return 0;
		return this.execute(
			"update delivery set state = 'unknown', settled_at = now() where id = any($1::uuid[]) and state = 'sending'",
			ids,
		);
	}

	async countRequeues(
		ids: string[],
		maxRequeues: number,
	): Promise<{ requeue: string[]; givenUp: string[] }> {
		if (ids.length === 0) return { requeue: [], givenUp: [] };
		const rows = await this.rows<{ id: string; given_up: boolean }>(
			`update delivery set
			   state = case when requeues >= $2 then 'unknown' else state end,
			   given_up = requeues >= $2,
			   settled_at = case when requeues >= $2 then now() else settled_at end,
			   requeues = case when requeues >= $2 then requeues else requeues + 1 end
			 where id = any($1::uuid[]) and state = 'queued'
			 returning id::text, given_up`,
			ids,
			maxRequeues,
		);
		return {
			requeue: rows.filter((r) => !r.given_up).map((r) => r.id),
			givenUp: rows.filter((r) => r.given_up).map((r) => r.id),
		};
	}

	async countGivenUp(campaignId: CampaignId): Promise<number> {
		const [row] = await this.rows<{ n: number }>(
			"select count(*)::int as n from delivery where campaign_id = $1::uuid and state = 'unknown' and given_up",
			campaignId,
		);
		return row?.n ?? 0;
	}

	async pendingDeliveries(campaignId?: CampaignId): Promise<PendingDeliveries> {
		const campaign = campaignId ? "and d.campaign_id = $1::uuid" : "";
		const [row] = await this.rows<{
			due: number;
			oldest: Date | null;
			settled: Date | null;
		}>(
			`select count(*)::int as due, min(d.not_before) as oldest,
			        (select max(d.settled_at) from delivery d where true ${campaign}) as settled
			 from delivery d join campaign k on k.id = d.campaign_id and k.status not in ('draft', 'opening', 'abandoned')
			 where d.state in ('queued', 'sending') and d.not_before <= now() ${campaign}`,
			...(campaignId ? [campaignId] : []),
		);
		return {
			due: row?.due ?? 0,
			oldestDueAt: row?.oldest ? new Date(row.oldest) : null,
			lastSettledAt: row?.settled ? new Date(row.settled) : null,
		};
	}

	async requeueUnknown(campaignId: CampaignId): Promise<QueuedDelivery[]> {
		const rows = await this.rows<QueuedRow>(
			`update delivery set state = 'queued', generation = generation + 1, enqueued = false, not_before = now(),
			   settled_at = null, requeues = 0, given_up = false
			 where campaign_id = $1::uuid and state = 'unknown'
			 returning id::text, generation, not_before`,
			campaignId,
		);
		return rows.map(toQueued);
	}

	async countDeliveries(campaignId: CampaignId): Promise<DeliveryCount[]> {
		const rows = await this.rows<{
			kind: string;
			state: string;
			count: number;
		}>(
			`select kind, state, count(*)::int as count from delivery
			 where campaign_id = $1::uuid group by kind, state`,
			campaignId,
		);
		return rows.map((r) => ({
			kind: r.kind as DeliveryKind,
			state: r.state as DeliveryState,
			count: r.count,
		}));
	}

	async countInvitesByIds(campaignId: CampaignId): Promise<InviteIdsCount[]> {
		const rows = await this.rows<{
			state: string;
			slack: boolean;
			teams: boolean;
			count: number;
		}>(
			`select d.state, e.slack_user_id is not null as slack, e.teams_user_id is not null as teams, count(*)::int as count
			 from delivery d left join employee e on e.id = d.employee_id
			 where d.campaign_id = $1::uuid and d.kind = 'invite' group by 1, 2, 3`,
			campaignId,
		);
		return rows.map((r) => ({
			state: r.state as DeliveryState,
			hasSlackId: r.slack,
			hasTeamsId: r.teams,
			count: r.count,
		}));
	}
}

function toClaimed(r: ClaimRow): ClaimedDelivery {
	return {
		id: r.id,
		campaignId: asCampaignId(r.campaign_id),
		kind: r.kind as DeliveryKind,
		wave: r.wave,
		employeeId: r.employee_id ? asEmployeeId(r.employee_id) : null,
		recipient: r.recipient,
		payload: r.payload,
		slackUserId: r.slack_user_id,
		teamsUserId: r.teams_user_id,
		participation: r.participation,
		campaignStatus: r.campaign_status,
		language: r.language,
		platformLocale: r.platform_locale,
	};
}
