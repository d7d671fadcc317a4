import type pg from "pg";
import type { CampaignId } from "../domain/ids.js";
import type {
	ConversationLookup,
	TeamsConversation,
	TeamsConversationStore,
} from "../domain/roster/teams-conversation-store.js";
import {
	type ParticipantRow,
	participantSelect,
	toParticipant,
} from "./participant-row.js";

/** PostgreSQL's unique_violation. */
function isUniqueViolation(err: unknown): boolean {
	return (err as { code?: unknown } | null)?.code === "23505";
}

type Row = {
	user_id: string;
	aad_object_id: string | null;
	tenant_id: string;
	conversation_id: string;
	service_url: string;
	reference: Record<string, unknown>;
};

const columns =
	"user_id, aad_object_id, tenant_id, conversation_id, service_url, reference";

function conversationOf(r: Row): TeamsConversation {
	return {
		userId: r.user_id,
		aadObjectId: r.aad_object_id,
		tenantId: r.tenant_id,
		conversationId: r.conversation_id,
		serviceUrl: r.service_url,
		reference: r.reference,
	};
}

/**
 * Teams personal conversations on PostgreSQL, one row per Teams user. Every Teams activity reads here (a first
 * contact writes in the same statement), so the statements go to the pg pool itself: through Prisma, each one is
 * compiled again per call.
 */
export class TeamsConversationRepository implements TeamsConversationStore {
	constructor(private readonly pool: pg.Pool) {}

	async save(c: TeamsConversation): Promise<void> {
		try {
			await this.saveOnce(c);
		} catch (err) {
			// The same first contact twice at once (a double click, a redelivery): both inserts go ahead, and the
			// later one meets the earlier one's row on the Entra id's unique index, which `on conflict (user_id)`
			// does not cover. The earlier one has committed by then, so a second try updates (or keeps) its row.
			if (!isUniqueViolation(err)) throw err;
			await this.saveOnce(c);
		}
	}

	/**
	 * One statement, so one round trip and atomic: the Entra object id belongs to one person, so an older row under
	 * another bot-scoped id is deleted; then the row is inserted or replaced. The insert reads the delete's count,
	 * which makes the delete finish first (an unread data-modifying CTE would run after the insert, which would then
	 * meet the old row on the Entra id's unique index). An unchanged reference writes nothing, so the row's version
	 * says nothing about when someone wrote.
	 */
	private async saveOnce(c: TeamsConversation): Promise<void> {
		await this.pool.query(
			`with replaced as (
			   delete from teams_conversation where aad_object_id = $2 and user_id <> $1 returning 1
			 )
			 insert into teams_conversation (${columns})
			 select $1, $2, $3, $4, $5, $6::jsonb where (select count(*) from replaced) >= 0
			 on conflict (user_id) do update set
			   aad_object_id = excluded.aad_object_id, tenant_id = excluded.tenant_id,
			   conversation_id = excluded.conversation_id, service_url = excluded.service_url,
			   reference = excluded.reference
			 where (teams_conversation.aad_object_id, teams_conversation.tenant_id, teams_conversation.conversation_id,
			        teams_conversation.service_url, teams_conversation.reference)
			   is distinct from (excluded.aad_object_id, excluded.tenant_id, excluded.conversation_id,
			        excluded.service_url, excluded.reference)`,
			[
				c.userId,
				c.aadObjectId,
				c.tenantId,
				c.conversationId,
				c.serviceUrl,
				JSON.stringify(c.reference),
			],
		);
	}

	async findByTeamsUserId(
		teamsUserId: string,
	): Promise<TeamsConversation | null> {
		const { rows } = await this.pool.query<Row>(
			`select ${columns} from teams_conversation where user_id = $1 or aad_object_id = $1
			 order by (user_id = $1) desc limit 1`,
			[teamsUserId],
		);
		const r = rows[0];
		return r ? conversationOf(r) : null;
	}

	/**
	 * One statement, so one round trip: the rows seen, the capture when there were none (`on conflict do nothing`:
	 * a concurrent first contact's row wins, on either unique index), and the person's invitation when asked for.
	 * A data-modifying CTE runs to completion whether or not the query reads it.
	 */
	async lookUpOrCapture(
		c: TeamsConversation,
		participantIn?: CampaignId,
	): Promise<ConversationLookup> {
		const ids = c.aadObjectId ? [c.userId, c.aadObjectId] : [c.userId];
		const { rows } = await this.pool.query<{
			seen: Row[];
			participant: ParticipantRow | null;
		}>(
			`with seen as (
			   select ${columns} from teams_conversation
			   where user_id = any($1::text[]) or aad_object_id = any($1::text[]) or conversation_id = $4
			 ),
			 captured as (
			   insert into teams_conversation (${columns})
			   select $2, $3, $5, $4, $6, $7::jsonb where not exists (select 1 from seen)
			   on conflict do nothing
			 )
			 select coalesce((select json_agg(seen) from seen), '[]'::json) as seen,
			        (select row_to_json(p) from (${participantSelect}
			           where $8::uuid is not null and i.campaign_id = $8::uuid and e.teams_user_id = any($1::text[])
			             and e.active limit 1) p) as participant`,
			[
				ids,
				c.userId,
				c.aadObjectId,
				c.conversationId,
				c.tenantId,
				c.serviceUrl,
				JSON.stringify(c.reference),
				participantIn ?? null,
			],
		);
		const r = rows[0];
		const seen = (r?.seen ?? []).map(conversationOf);
		if (participantIn === undefined) return { seen };
		return {
			seen,
			participant: r?.participant ? toParticipant(r.participant) : null,
		};
	}
}
