import { Prisma, type PrismaClient } from "@prisma/client";
import {
	type NumberedRosterRow,
	RosterConflictError,
	type RosterIdConflict,
	type RosterImportCounts,
	type RosterImportStore,
} from "../domain/roster/roster-import-store.js";
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
/** The people a full import takes off the roster: active, and not in the file (the staging table; `$1` is null). */
const notInFile =
	"($1::int is null and not exists (select 1 from roster_import s where s.email = e.email))";
const LOCK_KEY = 727_272;

/**
 * The file's rows while one import runs, in the import's own transaction and gone with it (a temporary table): the
 * rows are streamed in, checked and upserted by SQL, never all held by the process. `n` is the row's place in the
 * file, `line` its line there.
 */
const STAGING = `create temporary table roster_import (
	n int primary key, line int not null, email text not null unique, department text not null, grade text not null,
	manager_email text, slack_user_id text, teams_user_id text, timezone text, keep int not null, language text
) on commit drop`;

const STAGE = `insert into roster_import
	select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$9::text[], $10::int[], $11::text[])`;

/** A row of the file to import, with the line it is on (for conflicts). */
export type StagedRow = NumberedRosterRow;

/** Hands the file's rows to an import, a chunk at a time, in file order; resolves once the last is staged. */
export type RosterFeed = (
	stage: (rows: readonly StagedRow[]) => Promise<void>,
) => Promise<void>;

/** What an import needs besides the rows: on a dry run nothing is written. */
export type StreamedImport = {
	dryRun: boolean;
	missing?: MissingPeople;
	onProgress?: (done: number, total: number) => void;
};

/** An import's outcome: what was (or on a dry run would be) done, and how many on file are not in it. */
export type StreamedImportResult = RosterImportCounts & {
	rows: number;
	deactivated: number;
	/** Active people not in the file (a full import takes them off; `deactivated` says how many it did). */
	leaving: number;
	active: number;
	/** People on file (active or not) who are not in the file, once the import is done. */
	notInFile: number;
};

// Optional fields left `undefined` (column not in the file) keep the stored value on update. A person in the file is
// on the roster (a leaver who came back is active again), and new chat ids void the last reach check's reason.
// `keep` has one bit per optional column (see stagingParams). $3 lists people whose chat id was freed for someone else:
// they count as updated. Rows $1 < n <= $2 of the staging table.
const UPSERT = `
with input as (
	select u.email, u.department, u.grade,
		case when u.keep & 1 = 0 then u.manager_email else e.manager_email end as manager_email,
		case when u.keep & 2 = 0 then u.slack_user_id else e.slack_user_id end as slack_user_id,
		case when u.keep & 4 = 0 then u.teams_user_id else e.teams_user_id end as teams_user_id,
		case when u.keep & 8 = 0 then u.timezone else e.timezone end as timezone,
		case when u.keep & 16 = 0 then u.language else e.language end as language
	from roster_import u
	left join employee e on e.email = u.email
	where u.n > $1 and u.n <= $2
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
		or employee.email = any($3::text[]) or not employee.active
	returning (xmax = 0) as inserted
)
select count(*) filter (where inserted)::int as created,
	count(*) filter (where not inserted)::int as updated
from up`;

function assertUnique(rows: readonly StagedRow[]): void {
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
	for (const { row: r } of rows) {
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
export class RosterRepository implements RosterImportStore {
	constructor(private readonly prisma: PrismaClient) {}

	/**
	 * Imports rows held in memory (a chat upload, validated) through the same staged import as a streamed file, in
	 * one all-or-nothing transaction; throws `RosterConflictError` on id clashes.
	 */
	async importRows(
		rows: readonly StagedRow[],
		onProgress?: (done: number, total: number) => void,
		missing?: MissingPeople,
	): Promise<RosterImportCounts & { deactivated: number }> {
		assertUnique(rows);
		const result = await this.importStream((stage) => stage(rows), {
			dryRun: false,
			...(missing ? { missing } : {}),
			...(onProgress ? { onProgress } : {}),
		});
		return {
			created: result.created,
			updated: result.updated,
			unchanged: result.unchanged,
			deactivated: result.deactivated,
		};
	}

	/**
	 * Imports a roster of any size in one all-or-nothing transaction: `feed` streams the (validated) rows into a
	 * staging table; chat ids are checked against the roster there (`RosterConflictError`, with each row's line),
	 * then people are upserted by email in chunks, and on a full import the people not in the file leave the roster
	 * unless the guard refuses (`DeactivationGuardError`). A dry run checks the same and writes nothing.
	 */
	async importStream(
		feed: RosterFeed,
		opts: StreamedImport,
	): Promise<StreamedImportResult> {
		try {
			return await this.prisma.$transaction(
				async (tx) => {
					await tx.$executeRawUnsafe(
						`select pg_advisory_xact_lock(${LOCK_KEY})`,
					);
					await tx.$executeRawUnsafe(STAGING);
					let staged = 0;
					await feed(async (rows) => {
						for (let start = 0; start < rows.length; start += CHUNK) {
							const chunk = rows.slice(start, start + CHUNK);
							await tx.$executeRawUnsafe(
								STAGE,
								...stagingParams(chunk, staged),
							);
							staged += chunk.length;
						}
					});
					await tx.$executeRawUnsafe("analyze roster_import");
					const check = await this.checkStagedIds(tx);
					if (check.conflicts.length > 0)
						throw new RosterConflictError(check.conflicts);
					const { leaving, active } = await countDeactivation(
						tx,
						notInFile,
						null,
					);
					const guarded =
						opts.missing !== undefined &&
						opts.missing.maxShare !== null &&
						leaving > active * opts.missing.maxShare;
					if (guarded && !opts.dryRun)
						throw new DeactivationGuardError(leaving, active);
					const counts: RosterImportCounts = {
						created: 0,
						updated: 0,
						unchanged: 0,
					};
					let deactivated = 0;
					if (!opts.dryRun) {
						for (const column of ["slack_user_id", "teams_user_id"] as const) {
							const ids = check.release[column];
							if (ids.length === 0) continue;
							await tx.$executeRawUnsafe(
								`update employee set ${column} = null, updated_at = now() where ${column} = any($1::text[])`,
								ids,
							);
						}
						if (opts.missing)
							deactivated = await deactivatePeople(tx, notInFile, null);
						const released = [...check.releasedFrom];
						opts.onProgress?.(0, staged);
						for (let start = 0; start < staged; start += CHUNK) {
							const end = Math.min(start + CHUNK, staged);
							const [result] = await tx.$queryRawUnsafe<
								{ created: number; updated: number }[]
							>(UPSERT, start, end, released);
							const created = result?.created ?? 0;
							const updated = result?.updated ?? 0;
							counts.created += created;
							counts.updated += updated;
							counts.unchanged += end - start - created - updated;
							opts.onProgress?.(end, staged);
						}
					}
					const [others] = await tx.$queryRawUnsafe<{ n: number }[]>(
						"select count(*)::int as n from employee e where not exists (select 1 from roster_import s where s.email = e.email)",
					);
					return {
						...counts,
						rows: staged,
						deactivated,
						leaving,
						active,
						notInFile: others?.n ?? 0,
					};
				},
				// A million people take minutes on a loaded machine: the transaction is as long as the file.
				{ timeout: 60 * 60_000, maxWait: 10_000 },
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

	/** Read-only check (for dry runs): chat ids in the rows held by different people, through the staged import. */
	async findIdConflicts(
		rows: readonly StagedRow[],
	): Promise<RosterIdConflict[]> {
		assertUnique(rows);
		try {
			await this.importStream((stage) => stage(rows), { dryRun: true });
			return [];
		} catch (err) {
			if (err instanceof RosterConflictError) return err.conflicts;
			throw err;
		}
	}

	/** How many people are on file but not among `emails`. */
	async countNotIn(emails: readonly string[]): Promise<number> {
		const [row] = await this.prisma.$queryRawUnsafe<{ n: number }[]>(
			"select count(*)::int as n from employee where not (email = any($1::text[]))",
			[...emails],
		);
		return row?.n ?? 0;
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
	 * Finds chat ids in the staged rows that the database gives to a different email. An id is not a conflict when
	 * its holder is also in the file with a new value for it (a move): those ids are listed in `release` so that the
	 * import can free them first.
	 */
	private async checkStagedIds(db: Db): Promise<IdCheck> {
		const check: IdCheck = {
			conflicts: [],
			release: { slack_user_id: [], teams_user_id: [] },
			releasedFrom: new Set(),
		};
		const clashes = await db.$queryRawUnsafe<
			{
				email: string;
				held_by: string;
				id: string;
				column_name: IdColumn;
				moves: boolean;
				line: number;
			}[]
		>(
			`select u.email, e.email as held_by, u.slack_user_id as id, 'slack_user_id' as column_name, u.line,
				(h.email is not null and h.keep & 2 = 0 and h.slack_user_id is distinct from u.slack_user_id) as moves
			from roster_import u
			join employee e on e.slack_user_id = u.slack_user_id
			left join roster_import h on h.email = e.email
			where u.slack_user_id is not null and e.email <> u.email
			union all
			select u.email, e.email, u.teams_user_id, 'teams_user_id', u.line,
				(h.email is not null and h.keep & 4 = 0 and h.teams_user_id is distinct from u.teams_user_id)
			from roster_import u
			join employee e on e.teams_user_id = u.teams_user_id
			left join roster_import h on h.email = e.email
			where u.teams_user_id is not null and e.email <> u.email
			order by line`,
		);
		for (const c of clashes) {
			if (c.moves) {
				check.release[c.column_name].push(c.id);
				check.releasedFrom.add(c.held_by);
			} else {
				check.conflicts.push({
					email: c.email,
					column: c.column_name,
					id: c.id,
					heldBy: c.held_by,
					line: c.line,
				});
			}
		}
		return check;
	}
}

function stagingParams(chunk: readonly StagedRow[], before: number): unknown[] {
	const opt = (v: string | null | undefined) => v ?? null;
	return [
		chunk.map((_, i) => before + i + 1),
		chunk.map((r) => r.line),
		chunk.map(({ row }) => row.email),
		chunk.map(({ row }) => row.department),
		chunk.map(({ row }) => row.grade),
		chunk.map(({ row }) => opt(row.managerEmail)),
		chunk.map(({ row }) => opt(row.slackUserId)),
		chunk.map(({ row }) => opt(row.teamsUserId)),
		chunk.map(({ row }) => opt(row.timezone)),
		chunk.map(
			({ row: r }) =>
				(r.managerEmail === undefined ? 1 : 0) |
				(r.slackUserId === undefined ? 2 : 0) |
				(r.teamsUserId === undefined ? 4 : 0) |
				(r.timezone === undefined ? 8 : 0) |
				(r.language === undefined ? 16 : 0),
		),
		chunk.map(({ row }) => opt(row.language)),
	];
}
