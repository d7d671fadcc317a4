import type pg from "pg";
import { varlenaColumnOffset } from "./column-offset.js";

/** Where the two tables of the attack live on disk: the database's OID and their relfilenodes. */
export type TableNodes = {
	database: number;
	invitation: number;
	ballot: number;
};

/** What the attacker takes from a base backup of the census database. */
export type BaseBackup = TableNodes & {
	/** The campaign row as dumped (bytea columns as Buffers): public key, wrapped keys, … */
	campaign: Record<string, unknown>;
	/** Invitation ctid (`block,offset`) → employee id. */
	invitationAt: Map<string, string>;
	/** Where `sealed_ballot.sealed` starts in a tuple's data. */
	ballotColumnOffset: number;
};

/** The relfilenodes now (a VACUUM FULL or a rewrite would change them). */
export async function tableNodes(db: pg.Client): Promise<TableNodes> {
	const { rows } = await db.query<TableNodes>(
		`select (select oid from pg_database where datname = current_database())::int as database,
		        pg_relation_filenode('invitation')::int as invitation,
		        pg_relation_filenode('sealed_ballot')::int as ballot`,
	);
	const nodes = rows[0];
	if (!nodes) throw new Error("no catalog");
	return nodes;
}

/** Reads from the database what a base backup of it would show an attacker (one campaign open). */
export async function takeBaseBackup(db: pg.Client): Promise<BaseBackup> {
	const campaigns = (await db.query("select * from campaign")).rows;
	if (campaigns.length !== 1)
		throw new Error(`expected one campaign, found ${campaigns.length}`);
	const invitations = await db.query<{ ctid: string; employee_id: string }>(
		"select ctid::text, employee_id::text from invitation",
	);
	return {
		...(await tableNodes(db)),
		campaign: campaigns[0] as Record<string, unknown>,
		invitationAt: new Map(
			invitations.rows.map((r) => [r.ctid.replace(/[()]/g, ""), r.employee_id]),
		),
		ballotColumnOffset: await varlenaColumnOffset(
			db,
			"sealed_ballot",
			"sealed",
		),
	};
}
