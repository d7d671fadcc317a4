import type { Prisma, PrismaClient } from "@prisma/client";
import type {
	DeliveryKind,
	GroupManager,
	ParticipationRelease,
	WaveStore,
} from "../domain/deliveries/outbox-store.js";
import type { Platform } from "../domain/deliveries/platform.js";
import type { ReleaseLedger } from "../domain/disclosure/release-ledger.js";
import {
	asCampaignId,
	asEmployeeId,
	type CampaignId,
	type EmployeeId,
} from "../domain/ids.js";
import { reachableOn, teamsAppGone } from "./reachable-on.js";

type WaveKind = "reminder" | "progress";

/** Scheduled waves and their audiences on PostgreSQL. */
export class WaveRepository implements WaveStore {
	constructor(
		private readonly db: PrismaClient,
		/** The configured platforms: whom they reach decides who is invited late. */
		private readonly platforms: readonly Platform[] = ["slack"],
	) {}

	async listNewlyReachable(
		campaignId: CampaignId,
	): Promise<{ employeeId: EmployeeId; timeZone: string | null }[]> {
		const rows = await this.db.$queryRawUnsafe<
			{ employee_id: string; timezone: string | null }[]
		>(
			`select i.employee_id::text, e.timezone from invitation i join employee e on e.id = i.employee_id
			 where i.campaign_id = $1::uuid and i.status = 'unreachable' and e.active and ${reachableOn("e", "$2")}`,
			campaignId,
			this.platforms,
		);
		return rows.map((r) => ({
			employeeId: asEmployeeId(r.employee_id),
			timeZone: r.timezone,
		}));
	}

	async inviteLate(
		campaignId: CampaignId,
		people: readonly { employeeId: EmployeeId; notBefore: Date }[],
	): Promise<number> {
		if (people.length === 0) return 0;
		const [row] = await this.db.$queryRawUnsafe<{ n: number }[]>(
			`with u as (select * from unnest($2::uuid[], $3::timestamptz[]) as u(e, nb)),
			 flipped as (
			   update invitation i set status = 'pending' from u
			   where i.campaign_id = $1::uuid and i.employee_id = u.e and i.status = 'unreachable'
			     and exists (select 1 from campaign c where c.id = $1::uuid and c.status = 'open')
			   returning i.employee_id, u.nb),
			 sent as (
			   insert into delivery (id, campaign_id, kind, wave, employee_id, recipient, not_before)
			   select gen_random_uuid(), $1::uuid, 'invite', 0, f.employee_id, f.employee_id::text, f.nb from flipped f
			   on conflict (campaign_id, kind, wave, recipient) do nothing
			   returning 1)
			 select (select count(*) from sent)::int as n`,
			campaignId,
			people.map((p) => p.employeeId),
			people.map((p) => p.notBefore),
		);
		return row?.n ?? 0;
	}

	async listNonRespondents(
		campaignId: CampaignId,
	): Promise<{ employeeId: EmployeeId; timeZone: string | null }[]> {
		const rows = await this.db.$queryRawUnsafe<
			{ employee_id: string; timezone: string | null }[]
		>(
			`select i.employee_id::text, e.timezone from invitation i join employee e on e.id = i.employee_id
			 where i.campaign_id = $1::uuid and i.status = 'invited' and not ${teamsAppGone("e", "$2")}`,
			campaignId,
			this.platforms,
		);
		return rows.map((r) => ({
			employeeId: asEmployeeId(r.employee_id),
			timeZone: r.timezone,
		}));
	}

	async listGroupManagers(campaignId: CampaignId): Promise<GroupManager[]> {
		const rows = await this.db.$queryRawUnsafe<
			{
				report_group: string;
				manager_email: string;
				manager_id: string | null;
				timezone: string | null;
			}[]
		>(
			`select distinct i.report_group, lower(e.manager_email) as manager_email, m.id::text as manager_id, m.timezone
			 from invitation i join employee e on e.id = i.employee_id
			 left join employee m on lower(m.email) = lower(e.manager_email)
			 where i.campaign_id = $1::uuid and e.manager_email is not null and e.manager_email <> ''`,
			campaignId,
		);
		return rows.map((r) => ({
			group: r.report_group,
			managerEmail: r.manager_email,
			managerId: r.manager_id ? asEmployeeId(r.manager_id) : null,
			timeZone: r.timezone,
		}));
	}

	async nextWave(campaignId: CampaignId, kind: WaveKind): Promise<number> {
		const rows = await this.db.$queryRawUnsafe<{ wave: number }[]>(
			`select coalesce(
			   (select min(wave) from campaign_wave where campaign_id = $1::uuid and kind = $2 and done_at is null),
			   (select max(wave) + 1 from campaign_wave where campaign_id = $1::uuid and kind = $2),
			   1) as wave`,
			campaignId,
			kind,
		);
		return rows[0]?.wave ?? 1;
	}

	async lastDeliveryWave(
		campaignId: CampaignId,
		kind: DeliveryKind,
	): Promise<number> {
		const rows = await this.db.$queryRawUnsafe<{ wave: number }[]>(
			"select coalesce(max(wave), 0) as wave from delivery where campaign_id = $1::uuid and kind = $2",
			campaignId,
			kind,
		);
		return rows[0]?.wave ?? 0;
	}

	async managersNudgedThisWave(
		campaignId: CampaignId,
		includeLastReminderWave: boolean,
	): Promise<EmployeeId[]> {
		const rows = await this.db.$queryRawUnsafe<{ employee_id: string }[]>(
			`with last as (
			   select wave, done_at from campaign_wave
			   where campaign_id = $1::uuid and kind = 'reminder' and done_at is not null
			   order by done_at desc, wave desc limit 1)
			 select distinct d.employee_id::text from delivery d
			 where d.campaign_id = $1::uuid and d.kind = 'nudge' and d.employee_id is not null and (
			   ($2 and d.wave = (select wave from last))
			   or exists (
			     select 1 from campaign_wave w
			     where w.campaign_id = d.campaign_id and w.kind = 'nudge' and w.wave = d.wave
			       and w.done_at >= coalesce((select done_at from last), '-infinity'::timestamptz)))`,
			campaignId,
			includeLastReminderWave,
		);
		return rows.map((r) => asEmployeeId(r.employee_id));
	}

	async markWaveDone(
		campaignId: CampaignId,
		kind: WaveKind | "nudge",
		wave: number,
		at: Date,
	): Promise<void> {
		await this.db.$executeRawUnsafe(
			`insert into campaign_wave (campaign_id, kind, wave, due_at, done_at) values ($1::uuid, $2, $3, $4, $4)
			 on conflict (campaign_id, kind, wave) do update set done_at = coalesce(campaign_wave.done_at, excluded.done_at)`,
			campaignId,
			kind,
			wave,
			at,
		);
	}

	async listDueWaves(
		now: Date,
	): Promise<{ campaignId: CampaignId; kind: WaveKind; wave: number }[]> {
		const rows = await this.db.$queryRawUnsafe<
			{ campaign_id: string; kind: string; wave: number }[]
		>(
			`select w.campaign_id::text, w.kind, w.wave from campaign_wave w join campaign c on c.id = w.campaign_id
			 where c.status = 'open' and w.done_at is null and w.due_at <= $1
			 order by w.due_at`,
			now,
		);
		return rows.map((r) => ({
			campaignId: asCampaignId(r.campaign_id),
			kind: r.kind as WaveKind,
			wave: r.wave,
		}));
	}

	async releaseParticipation<T>(
		campaignId: CampaignId,
		releasedOn: string,
		decide: (ledger: ReleaseLedger) => ParticipationRelease<T>,
	): Promise<T> {
		return this.db.$transaction(async (tx) => {
			// One decision at a time per campaign (another process may be posting progress or answering a channel).
			await tx.$executeRawUnsafe(
				"select pg_advisory_xact_lock(hashtextextended('census:participation-release:' || $1, 0))",
				campaignId,
			);
			const rows = await tx.release.findMany({
				where: { campaignId, kind: "participation" },
				orderBy: [{ createdAt: "asc" }, { id: "asc" }],
				select: { id: true, counts: true },
			});
			const ledger: ReleaseLedger = {
				releases: rows.map((r) => ({
					id: r.id,
					kind: "participation",
					tables: [],
					groupsRespondents: r.counts as Record<string, number>,
				})),
			};
			const decided = decide(ledger);
			if (decided.counts !== null)
				await tx.release.create({
					data: {
						campaignId,
						kind: "participation",
						releasedOn: new Date(`${releasedOn}T00:00:00Z`),
						counts: decided.counts,
						body: decided.body as Prisma.InputJsonObject,
					},
				});
			return decided.result;
		});
	}

	async listCampaignsToClose(now: Date): Promise<CampaignId[]> {
		// A campaign closes at the end of its closing day in its own time zone.
		const rows = await this.db.$queryRawUnsafe<{ id: string }[]>(
			`select id::text from campaign
			 where status in ('open', 'closing')
			   and ((closes_on + 1)::timestamp at time zone time_zone) <= $1`,
			now,
		);
		return rows.map((r) => asCampaignId(r.id));
	}
}
