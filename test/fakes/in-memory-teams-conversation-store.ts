import type {
	ConversationLookup,
	TeamsConversation,
	TeamsConversationStore,
} from "../../src/domain/roster/teams-conversation-store.js";

/** TeamsConversationStore in a Map; `writes` counts saves that changed something, `reads` the lookups. */
export class InMemoryTeamsConversationStore implements TeamsConversationStore {
	readonly rows = new Map<string, TeamsConversation>();
	writes = 0;
	reads = 0;

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
		this.reads += 1;
		const row =
			this.rows.get(id) ??
			[...this.rows.values()].find((r) => r.aadObjectId === id);
		return row ? structuredClone(row) : null;
	}

	/** As PostgreSQL's: one lookup, a capture when it found nothing; it never reads invitations (see the port). */
	async lookUpOrCapture(c: TeamsConversation): Promise<ConversationLookup> {
		this.reads += 1;
		const ids = [c.userId, c.aadObjectId].filter((id) => id !== null);
		const seen = [...this.rows.values()]
			.filter(
				(r) =>
					ids.includes(r.userId) ||
					(r.aadObjectId !== null && ids.includes(r.aadObjectId)) ||
					r.conversationId === c.conversationId,
			)
			.map((r) => structuredClone(r));
		if (seen.length === 0) await this.save(c);
		return { seen };
	}
}
