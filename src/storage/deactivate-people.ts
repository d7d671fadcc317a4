import type { Prisma, PrismaClient } from "@prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Takes people off the roster (leavers): `active` false, `deactivated_at` now. In a campaign still opening, open or
 * closing, a leaver who has not answered stops counting: their invitation turns `unreachable`, so no rate counts
 * them and their queued invitation or reminder is cancelled when a worker picks it up. A leaver who answered stays a
 * respondent (their answer is in the pool and cannot be taken out). `where` is SQL on the `employee` row `e`,
 * with `$1` bound to `param`. Returns how many were deactivated.
 */
export async function deactivatePeople(
	db: Db,
	where: string,
	param: unknown,
): Promise<number> {
	const gone = await db.$queryRawUnsafe<{ id: string }[]>(
		`update employee e set active = false, deactivated_at = now(), updated_at = now()
		 where e.active and (${where}) returning e.id::text`,
		param,
	);
	if (gone.length === 0) return 0;
	await db.$executeRawUnsafe(
		`update invitation i set status = 'unreachable'
		 from campaign c
		 where c.id = i.campaign_id and c.status in ('opening', 'open', 'closing')
		   and i.employee_id = any($1::uuid[]) and i.status in ('pending', 'invited', 'opted_out', 'undeliverable')`,
		gone.map((g) => g.id),
	);
	return gone.length;
}

/** How many active people `where` (as for `deactivatePeople`) would take off the roster, and how many are active. */
export async function countDeactivation(
	db: Db,
	where: string,
	param: unknown,
): Promise<{ leaving: number; active: number }> {
	const [row] = await db.$queryRawUnsafe<{ leaving: number; active: number }[]>(
		`select count(*) filter (where ${where})::int as leaving, count(*)::int as active
		 from employee e where e.active`,
		param,
	);
	return { leaving: row?.leaving ?? 0, active: row?.active ?? 0 };
}
