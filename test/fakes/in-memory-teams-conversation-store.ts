import type {
	TeamsConversation,
	TeamsConversationStore,
} from "../../src/domain/roster/teams-conversation-store.js";

/** TeamsConversationStore in a Map; `writes` counts saves that changed something. */
export class InMemoryTeamsConversationStore implements TeamsConversationStore {
	readonly rows = new Map<string, TeamsConversation>();
	writes = 0;

	async save(c: TeamsConversation): Promise<void> {
		const before = this.rows.get(c.userId);
		if (before && JSON.stringify(before) === JSON.stringify(c)) return;
		for (const [id, row] of this.rows)
			if (c.aadObjectId && row.aadObjectId === c.aadObjectId && id !== c.userId)
				this.rows.delete(id);
		this.rows.set(c.userId, structuredClone(c));
		this.writes += 1;
	}

	async findByTeamsUserId(id: string): Promise<TeamsConversation | null> {
		const row =
			this.rows.get(id) ??
			[...this.rows.values()].find((r) => r.aadObjectId === id);
		return row ? structuredClone(row) : null;
	}

	async ownerOfConversation(conversationId: string): Promise<string | null> {
		for (const row of this.rows.values())
			if (row.conversationId === conversationId) return row.userId;
		return null;
	}
}
