import type pg from "pg";
import type { UnreachableReason } from "../domain/roster/reach.js";
import type { ReachRecorder } from "../domain/roster/reach-recorder.js";

/** The roster's reach columns on PostgreSQL. */
export class EmployeeReachRepository implements ReachRecorder {
	constructor(private readonly pool: pg.Pool) {}

	async markTeamsUnreachable(
		teamsUserId: string,
		reason: UnreachableReason,
	): Promise<void> {
		// A Teams conversation captured for a bot-scoped id may name the person by Entra object id on the roster.
		await this.pool.query(
			`update employee set unreachable_reason = $2, reach_checked_at = now()
			 where teams_user_id = $1
			    or teams_user_id = (select aad_object_id from teams_conversation where user_id = $1)`,
			[teamsUserId, reason],
		);
	}

	async markTeamsReachable(teamsUserId: string): Promise<void> {
		await this.pool.query(
			`update employee set unreachable_reason = null, reach_checked_at = now()
			 where teams_user_id = $1 and unreachable_reason is not null`,
			[teamsUserId],
		);
	}
}
