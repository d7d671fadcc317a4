import type { Prisma, PrismaClient } from "@prisma/client";
import type { Platform } from "../domain/deliveries/platform.js";
import { asCampaignId, type CampaignId } from "../domain/ids.js";
import {
	CampaignAlreadyOpenError,
	CampaignOpeningAbandonedError,
	type NewCampaign,
	type OpeningObserver,
} from "../domain/ports.js";
import { writeInvitations } from "./opening-batches.js";

/** How a campaign is opened in chunks. */
export type OpeningOptions = {
	/** Invitations (with their deliveries) written per statement, each statement its own transaction. */
	batchSize: number;
	/** Batches written side by side, each on its own connection (keep it below the pool size). */
	concurrency: number;
	/**
	 * An opening campaign whose opener has committed nothing for this long was left by a crashed (or hung) start:
	 * the next start abandons and deletes it. A batch takes seconds, so minutes leave a wide margin.
	 */
	staleAfterMs: number;
	/** Who gets an invitation delivery: people with an id on one of these platforms (the others stay `pending`). */
	platforms: readonly Platform[];
};

/**
 * 20,000 people per statement, two statements at a time; a stale opening is one silent for 5 minutes; Slack only
 * (the composition root passes the configured platforms).
 */
export const defaultOpeningOptions: OpeningOptions = {
	batchSize: 20_000,
	concurrency: 2,
	staleAfterMs: 5 * 60_000,
	platforms: ["slack"],
};

type CampaignRow = Prisma.CampaignGetPayload<object>;

/** The statuses that stop another start: at most one campaign is in any of them at a time. */
const live = ["opening", "open", "closing"];

/**
 * Opens a campaign in committed steps, so no transaction grows with the roster:
 * 1. under the advisory lock that serialises starts, abandon stale openings, refuse if a campaign is live, and
 *    create this one with its waves and groups, frozen at once (`opening`);
 * 2. delete abandoned campaigns (their rows cascade);
 * 3. write invitations and invite deliveries batch by batch as the roster's pages are read; each batch also beats
 *    the heartbeat, and writes nothing once the campaign is no longer `opening` (a later start gave up on it);
 * 4. check that every person has an invitation and flip to `open`.
 * Nothing is dispatched, answered or counted before step 4. On failure after step 1 the campaign is deleted;
 * if even that fails, it goes stale and the next start removes it.
 */
export async function openInChunks(
	db: PrismaClient,
	c: NewCampaign,
	options: OpeningOptions,
	observe: OpeningObserver = () => undefined,
): Promise<CampaignRow> {
	const abandoned = await createOpening(db, c, options.staleAfterMs);
	try {
		for (const id of abandoned) {
			await observe({ kind: "abandoned-stale", campaignId: id });
		}
		await deleteAbandoned(db);
		await writeInvitations(db, c, options, observe);
		return await flipToOpen(db, c.id, c.invitations.total);
	} catch (err) {
		await discardOpening(db, c.id).catch(() => undefined);
		throw err;
	}
}

/** Step 1: one short transaction. Returns the stale openings it abandoned. */
async function createOpening(
	db: PrismaClient,
	c: NewCampaign,
	staleAfterMs: number,
): Promise<CampaignId[]> {
	return db.$transaction(
		async (tx) => {
			// One campaign live at a time, even when two starts race: they queue on this lock, and the later one finds
			// the earlier one opening (or open).
			await tx.$executeRawUnsafe(
				"select pg_advisory_xact_lock(hashtext('census:open-campaign'))",
			);
			const stale = await tx.$queryRawUnsafe<{ id: string }[]>(
				`update campaign set status = 'abandoned'
				 where status = 'opening' and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $1))
				 returning id::text`,
				staleAfterMs / 1000,
			);
			const others = await tx.campaign.count({
				where: { status: { in: live } },
			});
			if (others > 0) throw new CampaignAlreadyOpenError();
			// Created as a draft so its groups can be written, then moved on: from `opening` the database itself
			// refuses any change to the frozen settings and groups.
			await tx.campaign.create({ data: campaignData(c) });
			if (c.waves.length > 0)
				await tx.campaignWave.createMany({
					data: c.waves.map((w) => ({
						campaignId: c.id,
						kind: w.kind,
						wave: w.wave,
						dueAt: w.dueAt,
					})),
				});
			await tx.campaignGroup.createMany({
				data: c.groups.map((g) => ({
					campaignId: c.id,
					name: g.name,
					headcount: g.headcount,
					members: g.departments,
				})),
			});
			await tx.$executeRawUnsafe(
				"update campaign set status = 'opening', heartbeat_at = now() where id = $1::uuid",
				c.id,
			);
			return stale.map((r) => asCampaignId(r.id));
		},
		{ timeout: 60_000, maxWait: 10_000 },
	);
}

function campaignData(c: NewCampaign): Prisma.CampaignCreateInput {
	return {
		id: c.id,
		name: c.name,
		status: "draft",
		questions: c.questions,
		channel: c.channel,
		targetRate: c.targetRate,
		closesOn: new Date(`${c.closesOn}T00:00:00Z`),
		minCellSize: c.minCellSize,
		minGroupHeadcount: c.minGroupHeadcount,
		shuffleSize: c.shuffleSize,
		retentionDays: c.retentionDays,
		gradeOrder: c.gradeOrder,
		publicKey: new Uint8Array(c.publicKey),
		wrappedKey: new Uint8Array(c.wrappedPrivateKey.wrapped),
		tallyKeyId: c.wrappedPrivateKey.keyId,
		poolKey: new Uint8Array(c.wrappedPoolKey),
		startedBy: c.startedBy,
		reminderMax: c.reminderMax,
		reminderEveryDays: c.reminderEveryDays,
		lowUptakePercent: c.lowUptakePercent,
		workingHours: c.workingHours,
		timeZone: c.timeZone,
		runBy: c.organiser.runBy,
		contact: c.organiser.contact,
		privacyUrl: c.organiser.privacyUrl,
		leaderMessage: c.organiser.message,
		language: c.language ?? null,
	};
}

/** Step 2: campaigns given up on, deleted with everything written for them. */
function deleteAbandoned(db: PrismaClient): Promise<number> {
	return db.$executeRawUnsafe(
		"delete from campaign where status = 'abandoned'",
	);
}

/** Step 4. */
async function flipToOpen(
	db: PrismaClient,
	id: CampaignId,
	expected: number,
): Promise<CampaignRow> {
	const counted = await db.$queryRawUnsafe<{ n: number }[]>(
		"select count(*)::int as n from invitation where campaign_id = $1::uuid",
		id,
	);
	const n = counted[0]?.n ?? 0;
	if (n !== expected)
		throw new Error(`opening wrote ${n} invitations for ${expected} people`);
	const flipped = await db.campaign.updateMany({
		where: { id, status: "opening" },
		data: { status: "open", openedAt: new Date(), heartbeatAt: null },
	});
	if (flipped.count === 0) throw new CampaignOpeningAbandonedError();
	return db.campaign.findUniqueOrThrow({ where: { id } });
}

/** The campaign being opened, if any: how many of its people are written, and whether its opener went silent. */
export async function findOpening(
	db: PrismaClient,
	staleAfterMs: number,
): Promise<{
	row: CampaignRow;
	written: number;
	total: number;
	stalled: boolean;
} | null> {
	const row = await db.campaign.findFirst({ where: { status: "opening" } });
	if (!row) return null;
	const [counts] = await db.$queryRawUnsafe<
		{ written: number; total: number; stalled: boolean }[]
	>(
		`select (select count(*)::int from invitation where campaign_id = c.id) as written,
		        (select coalesce(sum(headcount), 0)::int from campaign_group where campaign_id = c.id) as total,
		        (c.heartbeat_at is null or c.heartbeat_at < now() - make_interval(secs => $2)) as stalled
		 from campaign c where c.id = $1::uuid`,
		row.id,
		staleAfterMs / 1000,
	);
	return counts ? { row, ...counts } : null;
}

/** Deletes a campaign that did not finish opening (never one that is open). */
function discardOpening(db: PrismaClient, id: CampaignId): Promise<number> {
	return db.$executeRawUnsafe(
		"delete from campaign where id = $1::uuid and status in ('draft', 'opening', 'abandoned')",
		id,
	);
}
