import type pg from "pg";
import type { Platform } from "../domain/deliveries/platform.js";
import type { UnreachableReason } from "../domain/roster/reach.js";
import type { ReachRecorder } from "../domain/roster/reach-recorder.js";
import { teamsAppGone } from "./reachable-on.js";

/** The employees a Teams user id names: by the roster's id, or the Entra object id of a captured conversation. */
const byTeamsUserId = `(teams_user_id = $1
	or teams_user_id = (select aad_object_id from teams_conversation where user_id = $1))`;

/** The roster's reach columns on PostgreSQL. */
export class EmployeeReachRepository implements ReachRecorder {
	constructor(
		private readonly pool: pg.Pool,
		/** The configured platforms, in order of preference: whether a person's reminders go to Teams. */
		private readonly platforms: readonly Platform[],
	) {}

	async markTeamsUnreachable(
		teamsUserId: string,
		reason: UnreachableReason,
	): Promise<void> {
		// A Teams conversation captured for a bot-scoped id may name the person by Entra object id on the roster.
		await this.pool.query(
			`update employee set unreachable_reason = $2, reach_checked_at = now() where ${byTeamsUserId}`,
			[teamsUserId, reason],
		);
	}

	async markTeamsAppRemoved(teamsUserId: string): Promise<number> {
		const client = await this.pool.connect();
		try {
			await client.query("begin");
			const { rows } = await client.query<{ id: string }>(
				`update employee set unreachable_reason = 'app_not_installed', reach_checked_at = now()
				 where ${byTeamsUserId} returning id::text`,
				[teamsUserId],
			);
			// Only rows no worker has claimed: a reminder being sent now settles as it would have.
			const cancelled = await client.query(
				`update delivery d set state = 'cancelled', settled_at = now()
				 from employee e
				 where e.id = any($1::uuid[]) and d.employee_id = e.id and d.kind = 'reminder' and d.state = 'queued'
				   and ${teamsAppGone("e", "$2")}`,
				[rows.map((r) => r.id), this.platforms],
			);
			await client.query("commit");
			return cancelled.rowCount ?? 0;
		} catch (err) {
			await client.query("rollback").catch(() => undefined);
			throw err;
		} finally {
			client.release();
		}
	}

	async markTeamsReachable(teamsUserId: string): Promise<void> {
		await this.pool.query(
			`update employee set unreachable_reason = null, reach_checked_at = now()
			 where teams_user_id = $1 and unreachable_reason is not null`,
			[teamsUserId],
		);
	}
}
