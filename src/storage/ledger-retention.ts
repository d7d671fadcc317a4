import type { PrismaClient } from "@prisma/client";
import type { CampaignId } from "../domain/ids.js";
import type { ParticipationStatus } from "../domain/participation/response-rates.js";

type Counts = { group: string; status: ParticipationStatus; count: number }[];

/** Participation counts by group and status, from the ledger or, once it is purged, from its summary. */
export async function participationCounts(
	db: PrismaClient,
	campaignId: CampaignId,
): Promise<Counts> {
	const rows = await db.$queryRawUnsafe<
		{ report_group: string; status: string; n: number }[]
	>(
		`select report_group, status, count(*)::int as n from invitation where campaign_id = $1::uuid group by 1, 2
		 union all
		 select report_group, status, count as n from participation_summary where campaign_id = $1::uuid`,
		campaignId,
	);
	return rows.map((r) => ({
		group: r.report_group,
		status: r.status as ParticipationStatus,
		count: r.n,
	}));
}

/**
 * Storage limitation: once a closed campaign's retention period has passed, who responded is reduced to counts per
 * reporting group and status, who was sent what to counts per kind and state, and every per-person row of the
 * campaign is deleted for real: its ledger, its outbox, and the Teams conversations of the people it invited who
 * have since left the roster (the others are kept to reach them next time). Returns how many campaigns were purged.
 */
export async function purgeExpiredLedgers(
	db: PrismaClient,
	now: Date,
): Promise<number> {
	const due = await db.$queryRawUnsafe<{ id: string }[]>(
		`select id::text from campaign
		 where status = 'closed' and ledger_purged_at is null
		   and closed_at + make_interval(days => retention_days) <= $1`,
		now,
	);
	for (const { id } of due) {
		await db.$transaction(async (tx) => {
			await tx.$executeRawUnsafe(
				`insert into participation_summary (campaign_id, report_group, status, count)
				 select campaign_id, report_group, status, count(*)::int from invitation
				 where campaign_id = $1::uuid group by 1, 2, 3`,
				id,
			);
			await tx.$executeRawUnsafe(
				`insert into delivery_summary (campaign_id, kind, state, count)
				 select campaign_id, kind, state, count(*)::int from delivery
				 where campaign_id = $1::uuid group by 1, 2, 3`,
				id,
			);
			await tx.$executeRawUnsafe(
				`delete from teams_conversation c using invitation i, employee e
				 where i.campaign_id = $1::uuid and e.id = i.employee_id and not e.active
				   and (c.user_id = e.teams_user_id or c.aad_object_id = e.teams_user_id)`,
				id,
			);
			await tx.$executeRawUnsafe(
				"delete from delivery where campaign_id = $1::uuid",
				id,
			);
			await tx.$executeRawUnsafe(
				"delete from invitation where campaign_id = $1::uuid",
				id,
			);
			await tx.$executeRawUnsafe(
				"update campaign set ledger_purged_at = $2 where id = $1::uuid",
				id,
				now,
			);
		});
	}
	if (due.length > 0)
		for (const table of ["invitation", "delivery", "teams_conversation"])
			await db.$executeRawUnsafe(`vacuum ${table}`);
	return due.length;
}

/**
 * Leavers are forgotten: a person off the roster for `retentionDays` whom no campaign's ledger or outbox names any
 * more (a closed campaign's are purged after its own retention) is deleted, with every personal field, and with
 * the Teams conversation that reached them. Returns how many were deleted.
 */
export async function eraseLeavers(
	db: PrismaClient,
	now: Date,
	retentionDays: number,
): Promise<number> {
	return db.$transaction(async (tx) => {
		const due = `select e.id, e.teams_user_id from employee e
			where not e.active and e.deactivated_at + make_interval(days => $2) <= $1
			  and not exists (select 1 from invitation i where i.employee_id = e.id)
			  and not exists (select 1 from delivery d where d.employee_id = e.id)`;
		await tx.$executeRawUnsafe(
			`delete from teams_conversation c using (${due}) g
			 where g.teams_user_id is not null and (c.user_id = g.teams_user_id or c.aad_object_id = g.teams_user_id)`,
			now,
			retentionDays,
		);
		return tx.$executeRawUnsafe(
			`delete from employee where id in (select id from (${due}) g)`,
			now,
			retentionDays,
		);
	});
}
