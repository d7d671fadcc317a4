import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeBallot } from "../../src/domain/ballots/ballot.js";
import { sealBallot } from "../../src/domain/ballots/ballot-sealer.js";
import { openPoolKey, toPool } from "../../src/domain/ballots/pool-layer.js";
import {
	CensusService,
	defaultCensusSettings,
	type StartResult,
} from "../../src/domain/campaigns/census-service.js";
import type { StartArguments } from "../../src/domain/campaigns/parse-start-arguments.js";
import { asEmployeeId } from "../../src/domain/ids.js";
import {
	type Campaign,
	CampaignOpeningAbandonedError,
	type OpeningEvent,
	type OpeningObserver,
} from "../../src/domain/ports.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import type { OpeningOptions } from "../../src/storage/campaign-opening.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrate } from "../../src/storage/migrator.js";
import { OutboxRepository } from "../../src/storage/outbox-repository.js";
import {
	createPrismaClient,
	type PrismaClient,
	pgPoolOf,
} from "../../src/storage/prisma-client.js";
import {
	createTestDatabase,
	type TestDatabase,
} from "../support/test-database.js";

const args: StartArguments = {
	name: "Census",
	closesOn: "2099-01-01",
	channel: "#leadership",
	targetRate: 70,
	questions: ["key"],
};
/** 2,500 people; every 10th has no Slack user id (no invite delivery), so 2,250 are reachable. */
const people = 2500;
const reachable = 2250;
const secret = randomBytes(32).toString("hex");

/** Opening a campaign in committed batches on a real PostgreSQL, one database per test. */
describe("opening a campaign in chunks", () => {
	let db: TestDatabase;
	let raw: pg.Client;
	const clients: PrismaClient[] = [];

	/** A store and service as one process would have them, with its own connection pool. */
	function instance(options: Partial<OpeningOptions> = {}) {
		const prisma = createPrismaClient(db.url, 3);
		clients.push(prisma);
		const store = new CensusRepository(prisma, {
			batchSize: 1000,
			concurrency: 1,
			staleAfterMs: 60_000,
			platforms: ["slack"],
			...options,
		});
		const service = new CensusService(
			store,
			{ now: () => new Date() },
			{ ...ephemeralCustody().serving, sealingSecret: secret },
			defaultCensusSettings,
		);
		return {
			prisma,
			store,
			service,
			outbox: new OutboxRepository(pgPoolOf(prisma)),
		};
	}
	const one = async <T>(sql: string, params: unknown[] = []) =>
		(await raw.query(sql, params)).rows[0] as T;
	const count = async (sql: string, params: unknown[] = []) =>
		(await one<{ n: number }>(sql, params)).n;
	const opened = (r: StartResult): Campaign => {
		if (!r.ok) throw new Error(`not started: ${r.reason}`);
		return r.campaign;
	};

	beforeEach(async () => {
		db = await createTestDatabase("chunks");
		await migrate(db.url);
		raw = new pg.Client({ connectionString: db.url });
		await raw.connect();
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select gen_random_uuid(), 'p' || i || '@example.org', 'D' || (i % 4), 'G' || (i % 3),
			        case when i % 10 = 0 then null else 'U' || i end, now()
			 from generate_series(1, $1::int) as i`,
			[people],
		);
	}, 30_000);

	afterEach(async () => {
		await Promise.all(clients.splice(0).map((c) => c.$disconnect()));
		await raw?.end();
		await db?.drop();
	});

	it("writes exactly one invitation per person and one invite per reachable person, and nothing counts before the flip", async () => {
		const { store, service, outbox } = instance();
		const events: OpeningEvent[] = [];
		const during: Record<string, unknown> = {};
		const started = await service.start(args, "U1", async (e) => {
			events.push(e);
			if (e.kind !== "written" || e.written !== 1000) return;
			// Half-way through: the campaign exists, frozen, but is neither open nor listed nor dispatched.
			during.status = (
				await one<{ status: string }>("select status from campaign")
			).status;
			during.current = await service.currentCampaign();
			during.listed = await service.listCampaigns();
			during.dispatchable = await outbox.listQueued({
				all: true,
				limit: 10,
			});
			during.opening = await store.findOpeningCampaign();
			const anyone = await one<{ employee_id: string }>(
				"select employee_id::text from invitation limit 1",
			);
			const campaign = await store.findCampaign(e.campaignId);
			if (!campaign?.wrappedPoolKey) throw new Error("no campaign");
			const poolKey = openPoolKey(secret, campaign.id, campaign.wrappedPoolKey);
			during.answer = await store
				.recordResponse(
					campaign.id,
					asEmployeeId(anyone.employee_id),
					toPool(
						poolKey,
						sealBallot(
							campaign.publicKey,
							makeBallot({ key: "occ_pnts" }, "D0", "G0"),
						),
					),
				)
				.then((r) => r.outcome);
			during.frozen = await raw
				.query("update campaign set min_cell_size = 3")
				.then(
					() => "changed",
					(err: Error) => err.message,
				);
			during.backToDraft = await raw
				.query("update campaign set status = 'draft'")
				.then(
					() => "changed",
					(err: Error) => err.message,
				);
		});
		const campaign = opened(started);
		expect(campaign.status).toBe("open");
		// Read by id (plain SQL, the answer path's read) and as the open one (through Prisma): the same, field by field.
		expect(await store.findCampaign(campaign.id)).toEqual(
			await store.findOpenCampaign(),
		);
		expect((await store.findCampaign(campaign.id))?.closesOn).toBe(
			args.closesOn,
		);
		expect(
			events
				.filter((e) => e.kind === "written")
				.map((e) => e.kind === "written" && e.written),
		).toEqual([1000, 2000, 2500]);
		expect(during).toMatchObject({
			status: "opening",
			current: null,
			listed: [],
			dispatchable: [],
			opening: { written: 1000, total: people },
			answer: "campaign-closed",
			frozen: expect.stringMatching(/frozen/),
			backToDraft: expect.stringMatching(/cannot go from opening to draft/),
		});
		expect(
			await count(
				"select count(distinct employee_id)::int as n from invitation where campaign_id = $1 and status = 'pending'",
				[campaign.id],
			),
		).toBe(reachable);
		// No id on a configured platform: in the ledger, but never sent and never counted.
		expect(
			await count(
				"select count(distinct employee_id)::int as n from invitation where campaign_id = $1 and status = 'unreachable'",
				[campaign.id],
			),
		).toBe(people - reachable);
		expect(await count("select count(*)::int as n from invitation")).toBe(
			people,
		);
		expect(
			await count(
				`select count(distinct d.employee_id)::int as n from delivery d join employee e on e.id = d.employee_id
				 where d.kind = 'invite' and d.state = 'queued' and e.slack_user_id is not null`,
			),
		).toBe(reachable);
		expect(await count("select count(*)::int as n from delivery")).toBe(
			reachable,
		);
		expect(await count("select count(*)::int as n from sealed_ballot")).toBe(0);
		expect(
			await one(
				"select heartbeat_at, opened_at is not null as opened from campaign",
			),
		).toEqual({ heartbeat_at: null, opened: true });
		// Open now: every invitation can be handed to the queue, and the settings stay frozen.
		expect(await outbox.listQueued({ all: false, limit: 10_000 })).toHaveLength(
			reachable,
		);
		await expect(
			raw.query(
				"insert into campaign_group (campaign_id, name, headcount, members) values ($1, 'X', 1, '{X}')",
				[campaign.id],
			),
		).rejects.toThrow(/frozen/);
		await expect(
			raw.query("update campaign set shuffle_size = 1000"),
		).rejects.toThrow(/frozen/);
		await expect(
			raw.query("update campaign set status = 'opening'"),
		).rejects.toThrow(/cannot go from open to opening/);
	});

	it("writes batches side by side on several connections, each person once", async () => {
		const { service } = instance({ batchSize: 300, concurrency: 3 });
		const events: number[] = [];
		const campaign = opened(
			await service.start(args, "U1", (e) => {
				if (e.kind === "written") events.push(e.written);
			}),
		);
		expect(events).toHaveLength(9);
		expect(events.at(-1)).toBe(people);
		expect(
			await count(
				"select count(distinct employee_id)::int as n from invitation where campaign_id = $1",
				[campaign.id],
			),
		).toBe(people);
		expect(
			await count(
				"select count(distinct employee_id)::int as n from delivery where campaign_id = $1",
				[campaign.id],
			),
		).toBe(reachable);
		expect(await count("select count(*)::int as n from delivery")).toBe(
			reachable,
		);
	});

	it("removes everything when one of several concurrent batches fails", async () => {
		const { service } = instance({ batchSize: 300, concurrency: 3 });
		let calls = 0;
		await expect(
			service.start(args, "U1", () => {
				if (++calls === 2) throw new Error("injected");
			}),
		).rejects.toThrow(/injected/);
		expect(await count("select count(*)::int as n from campaign")).toBe(0);
		expect(await count("select count(*)::int as n from invitation")).toBe(0);
		expect(await count("select count(*)::int as n from delivery")).toBe(0);
	});

	it("gives one campaign when two starts race", async () => {
		const a = instance({ concurrency: 2 });
		const b = instance({ concurrency: 2 });
		const results = await Promise.all([
			a.service.start({ ...args, name: "A" }, "U1"),
			b.service.start({ ...args, name: "B" }, "U2"),
		]);
		const winners = results.filter((r) => r.ok);
		expect(winners).toHaveLength(1);
		const loser = results.find((r) => !r.ok);
		expect(["opening", "already-open"]).toContain(
			loser && !loser.ok && loser.reason,
		);
		expect(await count("select count(*)::int as n from campaign")).toBe(1);
		expect(await count("select count(*)::int as n from invitation")).toBe(
			people,
		);
		expect(await count("select count(*)::int as n from delivery")).toBe(
			reachable,
		);
	});

	it("refuses a second start while the first is still writing, and says how far it has got", async () => {
		const a = instance();
		const b = instance();
		let second: StartResult | undefined;
		const first = await a.service.start(args, "U1", async (e) => {
			if (e.kind === "written" && e.written === 2000 && !second)
				second = await b.service.start({ ...args, name: "Second" }, "U2");
		});
		expect(opened(first).status).toBe("open");
		expect(second).toMatchObject({
			ok: false,
			reason: "opening",
			opening: { written: 2000, total: people, campaign: { name: "Census" } },
		});
		expect(await count("select count(*)::int as n from campaign")).toBe(1);
	});

	it("removes everything when a batch fails midway, and a later start succeeds", async () => {
		const { service } = instance();
		const failing: OpeningObserver = (e) => {
			if (e.kind === "written" && e.written === 2000)
				throw new Error("injected failure after the second batch");
		};
		await expect(service.start(args, "U1", failing)).rejects.toThrow(
			/injected failure/,
		);
		for (const table of [
			"campaign",
			"campaign_group",
			"campaign_wave",
			"invitation",
			"delivery",
		])
			expect(
				await count(`select count(*)::int as n from ${table}`),
				table,
			).toBe(0);
		expect(await service.currentCampaign()).toBeNull();
		const again = opened(await service.start(args, "U1"));
		expect(again.status).toBe("open");
		expect(await count("select count(*)::int as n from invitation")).toBe(
			people,
		);
	});

	it("removes a row the database refuses midway, with everything else of that start", async () => {
		const { service } = instance();
		// Someone on the roster is deleted while the campaign is being written: that batch's delivery cannot refer
		// to them, so the statement fails, and the start with it.
		const gone = await one<{ id: string }>(
			"select id::text from employee order by id desc limit 1",
		);
		const result = service.start(args, "U1", async (e) => {
			if (e.kind === "written" && e.written === 1000)
				await raw.query("delete from employee where id = $1", [gone.id]);
		});
		await expect(result).rejects.toThrow();
		expect(await count("select count(*)::int as n from campaign")).toBe(0);
		expect(await count("select count(*)::int as n from invitation")).toBe(0);
		expect(opened(await service.start(args, "U1")).status).toBe("open");
		expect(await count("select count(*)::int as n from invitation")).toBe(
			people - 1,
		);
	});

	it("does not let a stale opening left by a hung or crashed start block the next one", async () => {
		const crashed = instance({ staleAfterMs: 1000 });
		const next = instance({ staleAfterMs: 1000 });
		let release: () => void = () => undefined;
		const resumed = new Promise<void>((r) => {
			release = r;
		});
		let stuck: () => void = () => undefined;
		const isStuck = new Promise<void>((r) => {
			stuck = r;
		});
		// The first start stops after its first batch, as if its process had hung (or died) there.
		const first = crashed.service.start(args, "U1", async (e) => {
			if (e.kind === "written" && e.written === 1000) {
				stuck();
				await resumed;
			}
		});
		await isStuck;
		expect(await next.store.findOpeningCampaign()).toMatchObject({
			written: 1000,
			total: people,
			stalled: false,
		});
		// Still fresh: it might be working, so it blocks the next start.
		expect(await next.service.start(args, "U2")).toMatchObject({
			ok: false,
			reason: "opening",
		});
		await new Promise((r) => setTimeout(r, 1500));
		expect(await next.store.findOpeningCampaign()).toMatchObject({
			stalled: true,
		});
		const events: OpeningEvent[] = [];
		const second = opened(
			await next.service.start({ ...args, name: "Second" }, "U2", (e) => {
				events.push(e);
			}),
		);
		expect(events[0]).toMatchObject({ kind: "abandoned-stale" });
		expect(second.status).toBe("open");
		expect(await count("select count(*)::int as n from campaign")).toBe(1);
		// The hung start wakes up: it finds its campaign gone and writes nothing more.
		release();
		await expect(first).rejects.toBeInstanceOf(CampaignOpeningAbandonedError);
		expect(await one("select name, status from campaign")).toEqual({
			name: "Second",
			status: "open",
		});
		expect(
			await count(
				"select count(*)::int as n from invitation where campaign_id = $1",
				[second.id],
			),
		).toBe(people);
		expect(await count("select count(*)::int as n from invitation")).toBe(
			people,
		);
		expect(await count("select count(*)::int as n from delivery")).toBe(
			reachable,
		);
	});
});
