import type { PrismaClient } from "@prisma/client";

/** A registered tally key's public half. */
export type RegisteredTallyKey = {
	id: string;
	publicKey: Buffer;
	createdAt: Date;
	retiredAt: Date | null;
};

/** The public halves of the tally keys, in PostgreSQL: what web processes seal new campaign keys to. */
export class TallyKeyRegistry {
	constructor(private readonly db: PrismaClient) {}

	/** The newest key that is not retired; null when there is none. */
	async active(): Promise<RegisteredTallyKey | null> {
		const row = await this.db.tallyKey.findFirst({
			where: { retiredAt: null },
			orderBy: [{ createdAt: "desc" }, { id: "desc" }],
		});
		return row ? toKey(row) : null;
	}

	/** Every key, oldest first. */
	async list(): Promise<RegisteredTallyKey[]> {
		const rows = await this.db.tallyKey.findMany({
			orderBy: [{ createdAt: "asc" }, { id: "asc" }],
		});
		return rows.map(toKey);
	}

	/**
	 * Registers a key's public half. Registering the same key again changes nothing; a different public key under
	 * a registered id is refused (two key files disagree).
	 */
	async register(key: {
		id: string;
		publicKey: Buffer;
		createdAt: Date;
	}): Promise<"registered" | "known"> {
		const existing = await this.db.tallyKey.findUnique({
			where: { id: key.id },
		});
		if (existing) {
			if (!Buffer.from(existing.publicKey).equals(key.publicKey))
				throw new Error(
					`tally key ${key.id} is registered with a different public key: this key file is not the one the campaigns were sealed to`,
				);
			return "known";
		}
		await this.db.tallyKey.create({
			data: {
				id: key.id,
				publicKey: new Uint8Array(key.publicKey),
				createdAt: key.createdAt,
			},
		});
		return "registered";
	}

	/** Marks a key retired (its private half destroyed). */
	async retire(id: string, at: Date): Promise<void> {
		await this.db.tallyKey.update({ where: { id }, data: { retiredAt: at } });
	}

	/** Campaigns not yet closed whose key is sealed to this tally key (retiring it would lose them). */
	async unclosedCampaignsUsing(
		id: string,
	): Promise<{ id: string; name: string; status: string }[]> {
		return this.db.campaign.findMany({
			where: { tallyKeyId: id, wrappedKey: { not: null } },
			select: { id: true, name: true, status: true },
		});
	}
}

function toKey(row: {
	id: string;
	publicKey: Uint8Array;
	createdAt: Date;
	retiredAt: Date | null;
}): RegisteredTallyKey {
	return {
		id: row.id,
		publicKey: Buffer.from(row.publicKey),
		createdAt: row.createdAt,
		retiredAt: row.retiredAt,
	};
}
