import { Prisma, type PrismaClient } from "@prisma/client";
import {
	RosterConflictError,
	type RosterIdConflict,
	type RosterImportCounts,
} from "../domain/roster/roster-import-store.js";
import type { RosterRow } from "../domain/roster/roster-row.js";
import { countDeactivation, deactivatePeople } from "./deactivate-people.js";

export {
	RosterConflictError,
	type RosterIdConflict,
	type RosterImportCounts,
} from "../domain/roster/roster-import-store.js";

/** A person as the rest of the app sees them; absent values are `null`. */
export type RosterPerson = {
	id: string;
	email: string;
	department: string;
	grade: string;
	managerEmail: string | null;
	slackUserId: string | null;
	teamsUserId: string | null;
	timezone: string | null;
	language: string | null;
};

/** Raised by a full import that would take more people off the roster than allowed; nothing was written. */
export class DeactivationGuardError extends Error {
	override name = "DeactivationGuardError";

	constructor(
		readonly leaving: number,
		readonly active: number,
	) {
		super(
			`the import would take ${leaving} of ${active} people off the roster`,
		);
	}
}

/**
 * A full import takes the people on the roster who are not in the file off it (leavers), unless they are more than
 * `maxShare` (0-1) of the active roster (checked inside the import's transaction); null: confirmed, any share.
 */
export type MissingPeople = { maxShare: number | null };

type Db = PrismaClient | Prisma.TransactionClient;
type IdColumn = RosterIdConflict["column"];
type IdCheck = {
	conflicts: RosterIdConflict[];
	release: Record<IdColumn, string[]>;
	releasedFrom: Set<string>;
};

const CHUNK = 5_000;
/** The people a full import takes off the roster: active, and not in the file (`$1`, the file's emails). */
const notInFile = "not (e.email = any($1::text[]))";
const LOCK_KEY = 727_272;

const idField = {
	slack_user_id: "slackUserId",
	teams_user_id: "teamsUserId",
} as const;

// Optional fields left `undefined` (column not in the file) keep the stored value on update. A person in the file is
// on the roster (a leaver who came back is active again), and new chat ids void the last reach check's reason.
// `keep` has one bit per optional column (see chunkParams). $9 lists people whose chat id was freed for someone else: they count as updated.
const UPSERT = `
with input as (
	select u.email, u.department, u.grade,
		case when u.keep & 1 = 0 then u.manager_email else e.manager_email end as manager_email,
		case when u.keep & 2 = 0 then u.slack_user_id else e.slack_user_id end as slack_user_id,
		case when u.keep & 4 = 0 then u.teams_user_id else e.teams_user_id end as teams_user_id,
		case when u.keep & 8 = 0 then u.timezone else e.timezone end as timezone,
		case when u.keep & 16 = 0 then u.language else e.language end as language
	from unnest(
		$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $10::text[]
	) as u(email, department, grade, manager_email, slack_user_id, teams_user_id, timezone, keep, language)
	left join employee e on e.email = u.email
), up as (
	insert into employee (id, email, department, grade, manager_email, slack_user_id,
		teams_user_id, timezone, language, updated_at)
	select gen_random_uuid(), email, department, grade, manager_email, slack_user_id,
		teams_user_id, timezone, language, now()
	from input
	on conflict (email) do update set
		department = excluded.department, grade = excluded.grade,
		manager_email = excluded.manager_email, slack_user_id = excluded.slack_user_id,
		teams_user_id = excluded.teams_user_id, timezone = excluded.timezone,
		language = excluded.language,
		updated_at = excluded.updated_at,
		active = true, deactivated_at = null,
		unreachable_reason = case when (employee.slack_user_id, employee.teams_user_id)
			is distinct from (excluded.slack_user_id, excluded.teams_user_id) then null
			else employee.unreachable_reason end
	where (employee.department, employee.grade, employee.manager_email, employee.slack_user_id,
		employee.teams_user_id, employee.timezone, employee.language)
		is distinct from (excluded.department, excluded.grade, excluded.manager_email,
		excluded.slack_user_id, excluded.teams_user_id, excluded.timezone, excluded.language)
		or employee.email = any($9::text[]) or not employee.active
	returning (xmax = 0) as inserted
)
select count(*) filter (where inserted)::int as created,
	count(*) filter (where not inserted)::int as updated
from up`;

function assertUnique(rows: readonly RosterRow[]): void {
	const seen = {
		email: new Set<string>(),
		slack: new Set<string>(),
		teams: new Set<string>(),
	};
	const once = (
		set: Set<string>,
		value: string | null | undefined,
		what: string,
	) => {
		if (value === null || value === undefined) return;
		if (set.has(value))
			throw new Error(
				`Roster rows repeat ${what} ${value}; validate them first`,
			);
		set.add(value);
	};
	for (const r of rows) {
		once(seen.email, r.email, "email");
		once(seen.slack, r.slackUserId, "slack_user_id");
		once(seen.teams, r.teamsUserId, "teams_user_id");
	}
}

function isUniqueViolation(err: unknown): boolean {
	if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
	return JSON.stringify(err.meta ?? {}).includes("UniqueConstraintViolation");
}

/** Reads and writes the organisation's roster (the `employee` table). */
export class RosterRepository {
	constructor(private readonly prisma: PrismaClient) {}

	/** Upserts rows by email in one all-or-nothing transaction; throws `RosterConflictError` on id clashes. */
	async importRows(
		rows: readonly RosterRow[],
		onProgress?: (done: number, total: number) => void,
		missing?: MissingPeople,
	): Promise<RosterImportCounts & { deactivated: number }> {
		assertUnique(rows);
		try {
			return await this.prisma.$transaction(
				async (tx) => {
					await tx.$executeRawUnsafe(
						`select pg_advisory_xact_lock(${LOCK_KEY})`,
					);
					const check = await this.checkIds(tx, rows);
					if (check.conflicts.length > 0)
						throw new RosterConflictError(check.conflicts);
					for (const column of ["slack_user_id", "teams_user_id"] as const) {
						const ids = check.release[column];
						if (ids.length === 0) continue;
						await tx.$executeRawUnsafe(
							`update employee set ${column} = null, updated_at = now() where ${column} = any($1::text[])`,
							ids,
						);
					}
					let deactivated = 0;
					if (missing) {
						const emails = rows.map((r) => r.email);
						const { leaving, active } = await countDeactivation(
							tx,
							notInFile,
							emails,
						);
						if (
							missing.maxShare !== null &&
							leaving > active * missing.maxShare
						)
							throw new DeactivationGuardError(leaving, active);
						deactivated = await deactivatePeople(tx, notInFile, emails);
					}
					const released = [...check.releasedFrom];
					const counts: RosterImportCounts = {
						created: 0,
						updated: 0,
						unchanged: 0,
					};
					onProgress?.(0, rows.length);
					for (let start = 0; start < rows.length; start += CHUNK) {
						const chunk = rows.slice(start, start + CHUNK);
						const [result] = await tx.$queryRawUnsafe<
							{ created: number; updated: number }[]
						>(
							UPSERT,
							...chunkParams(chunk),
							released,
							// $10: after $9, so the other columns keep their numbers.
							chunk.map((r) => r.language ?? null),
						);
						const created = result?.created ?? 0;
						const updated = result?.updated ?? 0;
						counts.created += created;
						counts.updated += updated;
						counts.unchanged += chunk.length - created - updated;
						onProgress?.(start + chunk.length, rows.length);
					}
					return { ...counts, deactivated };
				},
				{ timeout: 120_000, maxWait: 10_000 },
			);
		} catch (err) {
			if (isUniqueViolation(err)) {
				throw new RosterConflictError(
					[],
					"A Slack or Teams id was given to someone else while importing; run the import again",
				);
			}
			throw err;
		}
	}

	/** Read-only check (for dry runs): chat ids in the rows held by different people. */
	async findIdConflicts(
		rows: readonly RosterRow[],
	): Promise<RosterIdConflict[]> {
		return (await this.checkIds(this.prisma, rows)).conflicts;
	}

	/** How many people are on file but not among `emails`. */
	async countNotIn(emails: readonly string[]): Promise<number> {
		const [row] = await this.prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from employee where not (email = any($1::text[]))",
			[...emails],
		);
		return row?.n ?? 0;
	}

	/** How many active people are not among `emails` (a full import would take them off), and how many are active. */
	countMissing(
		emails: readonly string[],
	): Promise<{ leaving: number; active: number }> {
		return countDeactivation(this.prisma, notInFile, [...emails]);
	}

	/**
	 * Takes these people off the roster (leavers), matched by email case-insensitively; says which emails are not on
	 * the roster at all and which were already off it.
	 */
	async remove(emails: readonly string[]): Promise<{
		removed: number;
		unknown: string[];
		alreadyInactive: string[];
	}> {
		const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
		return this.prisma.$transaction(async (tx) => {
			const known = await tx.$queryRawUnsafe<
				{ email: string; active: boolean }[]
			>(
				"select lower(email) as email, active from employee where lower(email) = any($1::text[])",
				wanted,
			);
			const found = new Map(known.map((k) => [k.email, k.active]));
			const removed = await deactivatePeople(
				tx,
				"lower(e.email) = any($1::text[])",
				wanted,
			);
			return {
				removed,
				unknown: wanted.filter((e) => !found.has(e)),
				alreadyInactive: wanted.filter((e) => found.get(e) === false),
			};
		});
	}

	/** How many people are active. */
	async countActive(): Promise<number> {
		return this.prisma.employee.count({ where: { active: true } });
	}

	/** The person with this Slack user id, or null. */
	async findBySlackUserId(slackUserId: string): Promise<RosterPerson | null> {
		return this.prisma.employee.findUnique({
			where: { slackUserId },
			select: {
				id: true,
				email: true,
				department: true,
				grade: true,
				managerEmail: true,
				slackUserId: true,
				teamsUserId: true,
				timezone: true,
				language: true,
			},
		});
	}

	/**
	 * Finds chat ids in the rows that the database gives to a different email. An id is not a
	 * conflict when its holder is also in the rows with a new value for it (a move): those ids
	 * are listed in `release` so that the import can free them first.
	 */
	private async checkIds(db: Db, rows: readonly RosterRow[]): Promise<IdCheck> {
		const check: IdCheck = {
			conflicts: [],
			release: { slack_user_id: [], teams_user_id: [] },
			releasedFrom: new Set(),
		};
		const slack = rows.filter((r) => r.slackUserId);
		const teams = rows.filter((r) => r.teamsUserId);
		if (slack.length === 0 && teams.length === 0) return check;
		const clashes = await db.$queryRawUnsafe<
			{ email: string; held_by: string; id: string; column_name: IdColumn }[]
		>(
			`select u.email, e.email as held_by, u.id, 'slack_user_id' as column_name
			from unnest($1::text[], $2::text[]) as u(id, email)
			join employee e on e.slack_user_id = u.id
			where e.email <> u.email
			union all
			select u.email, e.email, u.id, 'teams_user_id'
			from unnest($3::text[], $4::text[]) as u(id, email)
			join employee e on e.teams_user_id = u.id
			where e.email <> u.email`,
			slack.map((r) => r.slackUserId),
			slack.map((r) => r.email),
			teams.map((r) => r.teamsUserId),
			teams.map((r) => r.email),
		);
		const byEmail = new Map(rows.map((r) => [r.email, r]));
		for (const { email, held_by: heldBy, id, column_name: column } of clashes) {
			const next = byEmail.get(heldBy)?.[idField[column]];
			if (next !== undefined && next !== id) {
				check.release[column].push(id);
				check.releasedFrom.add(heldBy);
			} else {
				check.conflicts.push({ email, column, id, heldBy });
			}
		}
		return check;
	}
}

function chunkParams(chunk: readonly RosterRow[]): unknown[] {
	const opt = (v: string | null | undefined) => v ?? null;
	return [
		chunk.map((r) => r.email),
		chunk.map((r) => r.department),
		chunk.map((r) => r.grade),
		chunk.map((r) => opt(r.managerEmail)),
		chunk.map((r) => opt(r.slackUserId)),
		chunk.map((r) => opt(r.teamsUserId)),
		chunk.map((r) => opt(r.timezone)),
		chunk.map(
			(r) =>
				(r.managerEmail === undefined ? 1 : 0) |
				(r.slackUserId === undefined ? 2 : 0) |
				(r.teamsUserId === undefined ? 4 : 0) |
				(r.timezone === undefined ? 8 : 0) |
				(r.language === undefined ? 16 : 0),
		),
	];
}
