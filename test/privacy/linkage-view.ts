import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";
import type { Dump, DumpRow } from "./linkage-dump.js";
import { hashOf, mode } from "./linkage-stats.js";

/** One roster entry as the attacker holds it. */
export type RosterEntry = {
	employeeId: string;
	email: string;
	slackUserId: string;
	department: string;
	grade: string;
};

/**
 * What the attacker holds: the roster, every dump (each with the participation ledger) and the
 * published report. Not the sealing secret, not the ground truth.
 */
export type AttackerView = {
	roster: RosterEntry[];
	dumps: Dump[];
	report: CampaignReport;
};

/** One row of the campaign's answer pool in a dump. */
export type PoolRow = {
	hash: string;
	id: string;
	xmin: number;
	page: number;
	tuple: number;
	sealed: Buffer;
};

/** One row of the participation ledger in a dump. */
export type LedgerRow = {
	employeeId: string;
	status: string;
	xmin: number;
	reportGroup: string;
	dmChannel: string | null;
	messageTs: string | null;
};

/** A dump as the attacker reads it. */
export type ParsedDump = {
	dump: Dump;
	campaignId: string | null;
	pool: PoolRow[];
	/** Rows sharing the most common xmin (≥ 2 rows): rewritten by one shuffle transaction. */
	shuffled: PoolRow[];
	/** Every other row: the unshuffled tail, each with its own inserting transaction. */
	tail: PoolRow[];
	ledger: LedgerRow[];
	responded: LedgerRow[];
	/** Respondents whose ledger xmin equals a tail row's xmin (the flip and the insert share a transaction). */
	tailRespondents: Map<string, PoolRow>;
	/** Every other respondent: their ballot is among the shuffled rows. */
	shuffledRespondents: LedgerRow[];
};

/** `(page,tuple)` → numbers. */
export function parseCtid(ctid: string): { page: number; tuple: number } {
	const m = /^\((\d+),(\d+)\)$/.exec(ctid);
	return { page: Number(m?.[1] ?? 0), tuple: Number(m?.[2] ?? 0) };
}

function str(v: unknown): string | null {
	return v === null || v === undefined ? null : String(v);
}

/** The campaign a dump is about: the newest one in the `campaign` table. */
function campaignOf(rows: DumpRow[] | undefined): string | null {
	const sorted = [...(rows ?? [])].sort(
		(a, b) =>
			new Date(String(b.created_at)).getTime() -
			new Date(String(a.created_at)).getTime(),
	);
	return str(sorted[0]?.id);
}

/** Splits a pool into the shuffled batch (modal xmin shared by ≥ 2 rows) and the tail. */
export function splitPool(pool: readonly PoolRow[]): {
	shuffled: PoolRow[];
	tail: PoolRow[];
} {
	const modal = mode(pool.map((r) => r.xmin));
	if (!modal || modal.count < 2) return { shuffled: [], tail: [...pool] };
	return {
		shuffled: pool.filter((r) => r.xmin === modal.value),
		tail: pool.filter((r) => r.xmin !== modal.value),
	};
}

/** Reads the pool and the ledger out of a dump's `xmin, ctid, *` tables. */
export function parseDump(dump: Dump): ParsedDump {
	const campaignId = campaignOf(dump.tables.campaign);
	const pool: PoolRow[] = (dump.tables.sealed_ballot ?? [])
		.filter((r) => str(r.campaign_id) === campaignId)
		.map((r) => {
			const sealed = Buffer.from(r.sealed as Uint8Array);
			return {
				hash: hashOf(sealed),
				id: String(r.id),
				xmin: Number(r.xmin),
				...parseCtid(r.ctid),
				sealed,
			};
		});
	const ledger: LedgerRow[] = (dump.tables.invitation ?? [])
		.filter((r) => str(r.campaign_id) === campaignId)
		.map((r) => ({
			employeeId: String(r.employee_id),
			status: String(r.status),
			xmin: Number(r.xmin),
			reportGroup: String(r.report_group),
			dmChannel: str(r.dm_channel),
			messageTs: str(r.message_ts),
		}));
	const responded = ledger.filter((l) => l.status === "responded");
	const { shuffled, tail } = splitPool(pool);
	const tailByXmin = new Map(tail.map((r) => [r.xmin, r]));
	const tailRespondents = new Map<string, PoolRow>();
	const shuffledRespondents: LedgerRow[] = [];
	for (const l of responded) {
		const row = tailByXmin.get(l.xmin);
		if (row) tailRespondents.set(l.employeeId, row);
		else shuffledRespondents.push(l);
	}
	return {
		dump,
		campaignId,
		pool,
		shuffled,
		tail,
		ledger,
		responded,
		tailRespondents,
		shuffledRespondents,
	};
}
