import type { PrismaClient } from "@prisma/client";
import { asEmployeeId } from "../domain/ids.js";
import {
	type UnreachableReason,
	unreachableReasons,
} from "../domain/roster/reach.js";
import type {
	ReachPerson,
	ReachRoster,
	ReachUpdate,
} from "../domain/roster/resolve-reach.js";

const CHUNK = 5_000;

const isReason = (s: string | null): s is UnreachableReason =>
	s !== null && (unreachableReasons as readonly string[]).includes(s);

/** Keep the stored id (`undefined`), or set it (a string, or null to clear it): as a flag and a value for SQL. */
const keep = (id: string | null | undefined) => (id === undefined ? 1 : 0);
const value = (id: string | null | undefined) => id ?? null;

/** The roster side of reach checks on PostgreSQL. */
export class ReachRepository implements ReachRoster {
	constructor(private readonly db: PrismaClient) {}

	async listActivePeople(): Promise<ReachPerson[]> {
		const rows = await this.db.employee.findMany({
			where: { active: true },
			select: {
				id: true,
				email: true,
				slackUserId: true,
				teamsUserId: true,
				unreachableReason: true,
			},
			orderBy: { id: "asc" },
		});
		return rows.map((r) => ({
			employeeId: asEmployeeId(r.id),
			email: r.email.toLowerCase(),
			slackUserId: r.slackUserId,
			teamsUserId: r.teamsUserId,
			unreachableReason: isReason(r.unreachableReason)
				? r.unreachableReason
				: null,
		}));
	}

	/**
	 * Chunk by chunk, each in its own transaction: first the ids found are taken from anyone else holding them (the
	 * columns are unique), then every person's ids, platform locale (when one was given), reason and check time.
	 */
	async recordReach(
		updates: readonly ReachUpdate[],
		checkedAt: Date,
	): Promise<void> {
		for (let start = 0; start < updates.length; start += CHUNK) {
			const chunk = updates.slice(start, start + CHUNK);
			const params = [
				chunk.map((u) => u.employeeId),
				chunk.map((u) => keep(u.slackUserId)),
				chunk.map((u) => value(u.slackUserId)),
				chunk.map((u) => keep(u.teamsUserId)),
				chunk.map((u) => value(u.teamsUserId)),
				chunk.map((u) => u.unreachableReason),
				chunk.map((u) => u.platformLocale ?? null),
			];
			const input = `unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
				as u(id, keep_slack, slack, keep_teams, teams, reason, locale)`;
			await this.db.$transaction(
				async (tx) => {
					for (const column of ["slack", "teams"] as const) {
						await tx.$executeRawUnsafe(
							// The locale came with the Slack account: it goes with it.
							`update employee e set ${column}_user_id = null,${column === "slack" ? " platform_locale = null," : ""} updated_at = now()
							 from ${input}
							 where u.keep_${column} = 0 and u.${column} is not null
							   and e.${column}_user_id = u.${column} and e.id <> u.id`,
							...params,
						);
					}
					await tx.$executeRawUnsafe(
						`update employee e set
						   slack_user_id = case when u.keep_slack = 1 then e.slack_user_id else u.slack end,
						   teams_user_id = case when u.keep_teams = 1 then e.teams_user_id else u.teams end,
						   unreachable_reason = u.reason,
						   platform_locale = coalesce(u.locale, e.platform_locale),
						   reach_checked_at = $8,
						   updated_at = case when (e.slack_user_id, e.teams_user_id, e.unreachable_reason, e.platform_locale)
						     is distinct from (case when u.keep_slack = 1 then e.slack_user_id else u.slack end,
						       case when u.keep_teams = 1 then e.teams_user_id else u.teams end, u.reason,
						       coalesce(u.locale, e.platform_locale))
						     then now() else e.updated_at end
						 from ${input}
						 where e.id = u.id`,
						...params,
						checkedAt,
					);
				},
				{ timeout: 60_000, maxWait: 10_000 },
			);
		}
	}
}
