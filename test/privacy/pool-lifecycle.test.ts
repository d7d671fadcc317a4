import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBallot } from "../../src/domain/ballots/ballot.js";
import {
	campaignKeyMatches,
	type SealedBallot,
	sealBallot,
} from "../../src/domain/ballots/ballot-sealer.js";
import { MIX_FACTOR } from "../../src/domain/ballots/mix-plan.js";
import {
	fromPool,
	openPoolKey,
	rewrap,
	toPool,
} from "../../src/domain/ballots/pool-layer.js";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import type { Campaign, Participant } from "../../src/domain/ports.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import {
	LocalKeyUnwrapper,
	legacyKeyId,
} from "../../src/keys/local-key-unwrapper.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import {
	createPrismaClient,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const run = promisify(execFile);
const custody = ephemeralCustody();
const secret = custody.sealingSecret;
const options = [
	"occ_professional",
	"occ_clerical",
	"occ_routine",
	"occ_technical",
	"occ_pnts",
];

/** Kendall's tau between two rankings of the same items. */
function kendallTau(a: number[], b: number[]): number {
	let concordant = 0;
	let discordant = 0;
	for (let i = 0; i < a.length; i++) {
		for (let j = i + 1; j < a.length; j++) {
			const s =
				Math.sign((a[i] as number) - (a[j] as number)) *
				Math.sign((b[i] as number) - (b[j] as number));
			if (s > 0) concordant++;
			else if (s < 0) discordant++;
		}
	}
	return (concordant - discordant) / ((a.length * (a.length - 1)) / 2);
}

describe("the anonymous pool through a campaign's life (P3, P4, P6, P8, retention)", () => {
	let db: TestDatabase;
	let prisma: PrismaClient;
	let raw: pg.Client;
	let store: CensusRepository;
	let now = new Date("2026-11-23T10:00:00Z");
	let service: CensusService;
	let campaign: Campaign;
	let participants: Participant[];
	const submitted: SealedBallot[] = [];

	const q = async (sql: string, params: unknown[] = []) =>
		(await raw.query(sql, params)).rows;

	beforeAll(async () => {
		db = await createTestDatabase("pool");
		await migrate(db.url);
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await q(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'p' || i || '@example.org', 'Dept ' || (i % 4), 'G' || (i % 3), 'U' || (100000 + i), now()
			 from generate_series(1, 860) as i`,
		);
		prisma = createPrismaClient(db.url, 4);
		store = new CensusRepository(prisma);
		service = new CensusService(store, { now: () => now }, custody.serving, {
			minCellSize: 10,
			minGroupHeadcount: 20,
			shuffleSize: 10,
			retentionDays: 30,
		});
		const started = await service.start(
			{
				name: "Pool",
				closesOn: "2026-12-31",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key"],
			},
			"U-admin",
		);
		if (!started.ok) throw new Error("could not start");
		campaign = started.campaign;
		participants = [];
		for (const row of await q("select id from employee order by email")) {
			const p = await store.findParticipant(campaign.id, row.id);
			if (p) participants.push(p);
		}
	}, 60_000);

	afterAll(async () => {
		await raw?.end();
		await prisma?.$disconnect();
		await db?.drop();
	});

	it("P3: the answer table holds a random id, the campaign, ciphertext and the settled flag, and nothing else", async () => {
		const columns = await q(
			`select column_name, data_type, column_default from information_schema.columns
			 where table_name = 'sealed_ballot' order by column_name`,
		);
		expect(columns).toEqual([
			{ column_name: "campaign_id", data_type: "uuid", column_default: null },
			{ column_name: "id", data_type: "uuid", column_default: null },
			{ column_name: "sealed", data_type: "bytea", column_default: null },
			// Whether the ballot has been through a shuffle: true only for rows a shuffle wrote, so
			// it tells no more than their shared xmin does.
			{ column_name: "settled", data_type: "boolean", column_default: "false" },
		]);
		const fks = await q(
			`select confrelid::regclass::text as target from pg_constraint
			 where conrelid = 'sealed_ballot'::regclass and contype = 'f'`,
		);
		expect(fks).toEqual([{ target: "campaign" }]);
	});

	// 800 ballots, tau measured at every shuffle once the pool holds 600 or more: |tau| of a random
	// order then has a standard deviation of at most 0.027, so the 0.1 bound (docs/privacy-tests.md
	// P4) fails by chance about once in 5,000 measurements, not 1 in 30 as it would at 200.
	it("P4: after every m submissions the tail is mixed into one transaction id with the pool or (MIX_FACTOR + 1)·m of it, and neither order nor stored bytes say anything of arrival", async () => {
		const poolKey = openPoolKey(
			secret,
			campaign.id,
			campaign.wrappedPoolKey as Buffer,
		);
		const rewrapStored = (stored: Buffer) => rewrap(poolKey, stored);
		const arrival = new Map<string, number>();
		const innerOf = (stored: Buffer) =>
			fromPool(poolKey, Buffer.from(stored)).toString("hex");
		let storedBefore = new Set<string>();
		const kinds = { whole: 0, batch: 0 };
		const taus: number[] = [];
		for (const [i, p] of participants.slice(0, 800).entries()) {
			const sealed = sealBallot(
				campaign.publicKey,
				makeBallot(
					{ key: options[i % options.length] },
					p.reportGroup,
					p.grade,
				),
			);
			const recorded = await store.recordResponse(
				campaign.id,
				p.employeeId,
				toPool(poolKey, sealed),
			);
			expect(recorded).toEqual({ outcome: "recorded", tail: (i % 10) + 1 });
			submitted.push(sealed);
			arrival.set(sealed.toString("hex"), i);
			const shuffled = await store.shufflePool(campaign.id, rewrapStored);
			const pool = await q(
				"select xmin::text as xmin, sealed, settled from sealed_ballot where campaign_id = $1 order by ctid",
				[campaign.id],
			);
			const stored = new Set(
				pool.map((r: { sealed: Buffer }) =>
					Buffer.from(r.sealed).toString("hex"),
				),
			);
			const tail = pool.filter((r: { settled: boolean }) => !r.settled);
			if ((i + 1) % 10 === 0) {
				expect(tail).toEqual([]);
				const newestXmin = pool
					.map((r: { xmin: string }) => BigInt(r.xmin))
					.reduce((a: bigint, b: bigint) => (b > a ? b : a));
				const batch = pool.filter(
					(r: { xmin: string }) => BigInt(r.xmin) === newestXmin,
				);
				expect(shuffled).toBe(batch.length);
				if (batch.length === pool.length) kinds.whole++;
				else {
					kinds.batch++;
					expect(batch.length).toBeGreaterThanOrEqual((MIX_FACTOR + 1) * 10);
				}
				// Every ballot of the batch got new bytes: nobody can follow one from the copy before.
				const rewritten = batch.map((r: { sealed: Buffer }) =>
					Buffer.from(r.sealed).toString("hex"),
				);
				expect(rewritten.filter((h: string) => storedBefore.has(h))).toEqual(
					[],
				);
				// The m newest are all in it.
				const batchInner = new Set(
					batch.map((r: { sealed: Buffer }) => innerOf(r.sealed)),
				);
				for (const b of submitted.slice(-10))
					expect(batchInner.has(b.toString("hex"))).toBe(true);
				if (pool.length >= 600) {
					const ranks = pool.map(
						(r: { sealed: Buffer }) => arrival.get(innerOf(r.sealed)) as number,
					);
					taus.push(kendallTau(ranks, [...ranks.keys()]));
				}
			} else {
				// Between shuffles the unshuffled tail (at most m - 1 rows) has its own xmins.
				expect(shuffled).toBe(0);
				expect(tail).toHaveLength((i + 1) % 10);
			}
			storedBefore = stored;
		}
		// Both kinds of shuffle ran: batches, and whole rewrites as the pool grew by a quarter.
		expect(kinds.batch).toBeGreaterThan(10);
		expect(kinds.whole).toBeGreaterThan(5);
		expect(taus.length).toBe(21);
		for (const tau of taus) expect(Math.abs(tau)).toBeLessThanOrEqual(0.1);
		const ids = await q(
			"select id::text from sealed_ballot where campaign_id = $1 order by id",
			[campaign.id],
		);
		expect(new Set(ids.map((r: { id: string }) => r.id)).size).toBe(800);
	}, 120_000);

	it("P8: frozen settings and groups cannot be changed after launch, even with direct SQL", async () => {
		const attempts = [
			"update campaign set min_cell_size = 3 where id = $1",
			"update campaign set min_group_headcount = 2 where id = $1",
			"update campaign set shuffle_size = 1000 where id = $1",
			"update campaign set retention_days = 9999 where id = $1",
			"update campaign set questions = array['key','school'] where id = $1",
			"update campaign set public_key = '\\x00' where id = $1",
			"update campaign set wrapped_key = '\\x00' where id = $1",
			"update campaign set pool_key = '\\x00' where id = $1",
			"update campaign set grade_order = array['G2','G1'] where id = $1",
			"insert into campaign_group (campaign_id, name, headcount, members) values ($1, 'Tiny', 2, array['Tiny'])",
			"update campaign_group set headcount = 1 where campaign_id = $1",
		];
		for (const sql of attempts) {
			await expect(raw.query(sql, [campaign.id]), sql).rejects.toThrow(
				/frozen/,
			);
		}
		const row = await q(
			"select min_cell_size, shuffle_size from campaign where id = $1",
			[campaign.id],
		);
		expect(row[0]).toEqual({ min_cell_size: 10, shuffle_size: 10 });
	});

	it("P6: at close the ballots are tallied once, then the ciphertexts and the key are gone for good", async () => {
		const before = await q(
			"select wrapped_key, tally_key_id from campaign where id = $1",
			[campaign.id],
		);
		const backupKey = {
			keyId: before[0].tally_key_id as string,
			wrapped: Buffer.from(before[0].wrapped_key),
		};
		// A pre-close backup's wrapped key opens with the tally key (so the checks below can fail)…
		expect(
			campaignKeyMatches(
				await custody.tally.unwrapper.unwrap(campaign.id, backupKey),
				campaign.publicKey,
			),
		).toBe(true);
		const closed = await new CampaignCloser(
			store,
			{ now: () => now },
			custody.tally,
		).close();
		expect(closed.ok && closed.report.responded).toBe(800);
		expect(await q("select count(*)::int as n from sealed_ballot")).toEqual([
			{ n: 0 },
		]);
		expect(
			await q("select wrapped_key from campaign where id = $1", [campaign.id]),
		).toEqual([{ wrapped_key: null }]);
		const { stdout } = await run(
			"pg_dump",
			["-h", "127.0.0.1", "-U", "postgres", "--data-only", db.name],
			{
				maxBuffer: 50_000_000,
			},
		);
		expect(stdout).not.toContain(
			backupKey.wrapped.toString("hex").slice(0, 40),
		);
		for (const b of submitted.slice(0, 20))
			expect(stdout).not.toContain(b.toString("hex").slice(0, 40));
		// …and with nothing a serving process holds: not the sealing secret, not another tally key.
		await expect(
			new LocalKeyUnwrapper([], secret).unwrap(campaign.id, {
				...backupKey,
				keyId: legacyKeyId,
			}),
		).rejects.toThrow();
		await expect(
			ephemeralCustody().tally.unwrapper.unwrap(campaign.id, backupKey),
		).rejects.toThrow();
		await expect(
			raw.query("update campaign set status = 'open' where id = $1", [
				campaign.id,
			]),
		).rejects.toThrow(/cannot reopen/);
		// What was published stays as published: the report is final and the release ledger append-only.
		await expect(
			raw.query("update campaign set report = '{}' where id = $1", [
				campaign.id,
			]),
		).rejects.toThrow(/is final/);
		expect(
			await q(
				"select kind, counts->>'organisation:All' as n from release where campaign_id = $1",
				[campaign.id],
			),
		).toHaveLength(1);
		await expect(raw.query("delete from release")).rejects.toThrow(
			/append-only/,
		);
		await expect(raw.query("update release set counts = '{}'")).rejects.toThrow(
			/append-only/,
		);
		const answered = await service.answer(
			campaign,
			participants[850] as Participant,
			{ key: "occ_routine" },
		);
		expect(answered).toBe("campaign-closed");
	}, 60_000);

	it("reduces the participation ledger and the outbox to counts once the retention period has passed, leaving no per-person row of the campaign", async () => {
		const ratesBefore = await service.responseRates(campaign.id);
		// What a drive leaves: an invitation and a reminder per person, and Teams conversations for two people
		// invited, one of whom has since left the roster.
		await q(
			`insert into delivery (id, campaign_id, kind, wave, employee_id, recipient, state)
			 select gen_random_uuid(), campaign_id, 'reminder', 1, employee_id,
			        employee_id::text, case when status = 'responded' then 'sent' else 'unknown' end
			 from invitation where campaign_id = $1`,
			[campaign.id],
		);
		const deliveryCounts = await q(
			"select kind, state, count(*)::int as count from delivery where campaign_id = $1 group by 1, 2 order by 1, 2",
			[campaign.id],
		);
		expect(deliveryCounts.length).toBeGreaterThanOrEqual(3);
		const [leaver, stayer] = participants;
		for (const [p, id] of [
			[leaver, "29:leaver"],
			[stayer, "29:stayer"],
		] as const) {
			await q("update employee set teams_user_id = $2 where id = $1", [
				p?.employeeId,
				id,
			]);
			await q(
				`insert into teams_conversation (user_id, tenant_id, conversation_id, service_url, reference)
				 values ($1, 't', $2, 'https://smba.example/', '{}')`,
				[id, `a:${id}`],
			);
		}
		await q("update employee set active = false where id = $1", [
			leaver?.employeeId,
		]);
		now = new Date(Date.now() + 29 * 86_400_000);
		expect(await service.purgeExpiredLedgers()).toBe(0);
		now = new Date(Date.now() + 31 * 86_400_000);
		expect(await service.purgeExpiredLedgers()).toBe(1);
		expect(
			await q(
				"select count(*)::int as n from invitation where campaign_id = $1",
				[campaign.id],
			),
		).toEqual([{ n: 0 }]);
		expect(await service.responseRates(campaign.id)).toEqual(ratesBefore);
		expect(await service.purgeExpiredLedgers()).toBe(0);
		expect(
			await q(
				"select kind, state, count from delivery_summary where campaign_id = $1 order by 1, 2",
				[campaign.id],
			),
		).toEqual(deliveryCounts);
		expect(
			await q(
				"select count(*)::int as n from delivery where campaign_id = $1",
				[campaign.id],
			),
		).toEqual([{ n: 0 }]);
		expect(
			(await q("select user_id from teams_conversation")).map((r) => r.user_id),
		).toEqual(["29:stayer"]);
		// A dump of everything but the roster itself holds no one's id: nothing per person is left of the campaign.
		const { stdout } = await run(
			"pg_dump",
			[
				"-h",
				"127.0.0.1",
				"-U",
				"postgres",
				"--data-only",
				"--exclude-table=employee",
				db.name,
			],
			{ maxBuffer: 50_000_000 },
		);
		const ids = (await q("select id::text as id from employee")).map(
			(r) => r.id as string,
		);
		expect(ids).toHaveLength(860);
		expect(ids.filter((id) => stdout.includes(id))).toEqual([]);
		expect(stdout).not.toContain("29:leaver");
	});
});
