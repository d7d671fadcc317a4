import { Prisma, type PrismaClient } from "@prisma/client";
import type {
	TeamsConversation,
	TeamsConversationStore,
} from "../domain/roster/teams-conversation-store.js";

/** PostgreSQL's unique_violation, as Prisma's driver adapter reports it for a raw statement (P2010). */
function isUniqueViolation(err: unknown): boolean {
	if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
	const meta = err.meta as
		| { driverAdapterError?: { cause?: { originalCode?: unknown } } }
		| undefined;
	return (
		err.code === "P2002" ||
		meta?.driverAdapterError?.cause?.originalCode === "23505"
	);
}

type Row = {
	user_id: string;
	aad_object_id: string | null;
	tenant_id: string;
	conversation_id: string;
	service_url: string;
	reference: Record<string, unknown>;
};

/** Teams personal conversations on PostgreSQL, one row per Teams user. */
export class TeamsConversationRepository implements TeamsConversationStore {
	constructor(private readonly db: PrismaClient) {}

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

	private async saveOnce(c: TeamsConversation): Promise<void> {
		const reference = JSON.stringify(c.reference);
		await this.db.$transaction([
			// The Entra object id belongs to one person: an older row under another bot-scoped id is replaced.
			this.db.$executeRawUnsafe(
				"delete from teams_conversation where aad_object_id = $1 and user_id <> $2",
				c.aadObjectId,
				c.userId,
			),
			// An unchanged reference writes nothing, so the row's version says nothing about when someone wrote.
			this.db.$executeRawUnsafe(
				`insert into teams_conversation (user_id, aad_object_id, tenant_id, conversation_id, service_url, reference)
				 values ($1, $2, $3, $4, $5, $6::jsonb)
				 on conflict (user_id) do update set
				   aad_object_id = excluded.aad_object_id, tenant_id = excluded.tenant_id,
				   conversation_id = excluded.conversation_id, service_url = excluded.service_url,
				   reference = excluded.reference
				 where (teams_conversation.aad_object_id, teams_conversation.tenant_id, teams_conversation.conversation_id,
				        teams_conversation.service_url, teams_conversation.reference)
				   is distinct from (excluded.aad_object_id, excluded.tenant_id, excluded.conversation_id,
				        excluded.service_url, excluded.reference)`,
				c.userId,
				c.aadObjectId,
				c.tenantId,
				c.conversationId,
				c.serviceUrl,
				reference,
			),
		]);
	}

	async findByTeamsUserId(
		teamsUserId: string,
	): Promise<TeamsConversation | null> {
		const rows = await this.db.$queryRawUnsafe<Row[]>(
			`select user_id, aad_object_id, tenant_id, conversation_id, service_url, reference
			 from teams_conversation where user_id = $1 or aad_object_id = $1
			 order by (user_id = $1) desc limit 1`,
			teamsUserId,
		);
		const r = rows[0];
		if (!r) return null;
		return {
			userId: r.user_id,
			aadObjectId: r.aad_object_id,
			tenantId: r.tenant_id,
			conversationId: r.conversation_id,
			serviceUrl: r.service_url,
			reference: r.reference,
		};
	}

	async ownerOfConversation(conversationId: string): Promise<string | null> {
		const rows = await this.db.$queryRawUnsafe<{ user_id: string }[]>(
			"select user_id from teams_conversation where conversation_id = $1 limit 1",
			conversationId,
		);
		return rows[0]?.user_id ?? null;
	}
}
