import type pg from "pg";
import type { CampaignId } from "../domain/ids.js";
import type {
	NotReached,
	NotReachedList,
} from "../domain/roster/not-reached.js";
import { unreachableReasons } from "../domain/roster/reach.js";

/**
 * The people a campaign could not reach, on PostgreSQL: its invitations left `unreachable` (none sent) or
 * `undeliverable` (refused), with the roster's recorded reason, of people still on the roster. Invitations sent,
 * answered or opted out are never read, so nobody who received the invitation can appear; nor can a leaver (whose
 * invitation turns `unreachable` when they leave without having answered: listing them would say who did not).
 */
export function notReachedList(db: Pick<pg.Pool, "query">): NotReachedList {
	return async (campaignId: CampaignId): Promise<NotReached[]> => {
		const { rows } = await db.query<{
			email: string;
			status: "unreachable" | "undeliverable";
			reason: string | null;
		}>(
			`select lower(e.email) as email, i.status, e.unreachable_reason as reason
			 from invitation i join employee e on e.id = i.employee_id
			 where i.campaign_id = $1::uuid and i.status in ('unreachable', 'undeliverable') and e.active
			 order by 1`,
			[campaignId],
		);
		return rows.map((r) => {
			const known = (unreachableReasons as readonly string[]).includes(
				r.reason ?? "",
			);
			return r.status === "unreachable"
				? {
						email: r.email,
						invitation: "not_sent",
						reason: known ? (r.reason as NotReached["reason"]) : "no_platform",
					}
				: {
						email: r.email,
						invitation: "undeliverable",
						reason: known ? (r.reason as NotReached["reason"]) : "refused",
					};
		});
	};
}
