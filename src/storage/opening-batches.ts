import type { PrismaClient } from "@prisma/client";
import type { Platform } from "../domain/deliveries/platform.js";
import {
	CampaignOpeningAbandonedError,
	type NewCampaign,
	type NewInvitation,
	type OpeningObserver,
} from "../domain/ports.js";
import { reachableOn } from "./reachable-on.js";

// One statement per batch: the invitations, and an invite delivery for each person the bot can reach: an id on a
// configured platform ($7: slack_user_id and/or teams_user_id count) and no reason from the last reach check why not
// (`reachableOn`). The others' invitations are written `unreachable`: never sent, never in a rate. Written only
// while the campaign is still opening. Groups and times travel as indexes into short arrays of distinct values. It
// takes no lock on the campaign row (the foreign keys' share locks do not conflict), so batches can run side by side.
const writeBatch = `
	with alive as (select id from campaign where id = $1::uuid and status = 'opening'),
	b as (
	  select alive.id as c, u.e, ($5::text[])[u.g] as g, ($6::timestamptz[])[u.n] as nb, ${reachableOn("em", "$7")} as reach
	  from alive, unnest($2::uuid[], $3::int[], $4::int[]) as u(e, g, n) join employee em on em.id = u.e),
	inv as (
	  insert into invitation (campaign_id, employee_id, report_group, status)
	  select c, e, g, case when reach then 'pending' else 'unreachable' end from b returning 1),
	del as (
	  insert into delivery (id, campaign_id, kind, wave, employee_id, recipient, not_before)
	  select gen_random_uuid(), b.c, 'invite', 0, b.e, b.e::text, b.nb
	  from b where b.reach
	  returning 1)
	select (select count(*) from inv)::int as invited`;

/**
 * Step 3 of opening a campaign: the invitations' pages (in employee id order, so the invitation key and the
 * delivery's recipient key grow at their right edge) cut into batches, written on `concurrency` connections at
 * once; only the pages being written are held. After each batch the heartbeat is renewed, which also finds out
 * whether a later start gave up on this campaign; the first failure stops every worker, and the caller cleans up
 * only once all of them have stopped.
 */
export async function writeInvitations(
	db: PrismaClient,
	c: NewCampaign,
	options: {
		batchSize: number;
		concurrency: number;
		platforms: readonly Platform[];
	},
	observe: OpeningObserver,
): Promise<void> {
	const pages = c.invitations.pages()[Symbol.asyncIterator]();
	let pending: NewInvitation[] = [];
	// Workers take batches in turn; reading the next page is serialised by the iterator itself.
	const nextBatch = async (): Promise<NewInvitation[] | null> => {
		while (pending.length < options.batchSize) {
			const page = await pages.next();
			if (page.done) break;
			pending = pending.length === 0 ? page.value : pending.concat(page.value);
		}
		if (pending.length === 0) return null;
		const batch = pending.slice(0, options.batchSize);
		pending = pending.slice(options.batchSize);
		return batch;
	};
	let taking = Promise.resolve<NewInvitation[] | null>(null);
	const take = () => {
		taking = taking.then(() => nextBatch());
		return taking;
	};
	let written = 0;
	let failure: { error: unknown } | null = null;
	const worker = async () => {
		while (!failure) {
			try {
				const batch = await take();
				if (!batch) return;
				const groups = new Index<string>();
				const times = new Index<number>();
				const rows = await db.$queryRawUnsafe<{ invited: number }[]>(
					writeBatch,
					c.id,
					batch.map((p) => p.employeeId),
					batch.map((p) => groups.of(p.reportGroup)),
					batch.map((p) => times.of(p.notBefore.getTime())),
					groups.values,
					times.values.map((t) => new Date(t)),
					options.platforms,
				);
				const beat = await db.$executeRawUnsafe(
					"update campaign set heartbeat_at = now() where id = $1::uuid and status = 'opening'",
					c.id,
				);
				if (beat === 0) throw new CampaignOpeningAbandonedError();
				written += rows[0]?.invited ?? 0;
				await observe({
					kind: "written",
					campaignId: c.id,
					written,
					total: c.invitations.total,
				});
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	try {
		await Promise.all(
			Array.from({ length: Math.max(1, options.concurrency) }, worker),
		);
	} finally {
		await pages.return?.();
	}
	if (failure) throw (failure as { error: unknown }).error;
}

/** 1-based positions (as PostgreSQL arrays count) of distinct values. */
class Index<T> {
	readonly values: T[] = [];
	private readonly positions = new Map<T, number>();

	of(value: T): number {
		let at = this.positions.get(value);
		if (at === undefined) {
			this.values.push(value);
			at = this.values.length;
			this.positions.set(value, at);
		}
		return at;
	}
}
