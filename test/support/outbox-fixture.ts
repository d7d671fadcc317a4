import { randomUUID } from "node:crypto";
import pg from "pg";
import type { QueuedDelivery } from "../../src/domain/deliveries/outbox-store.js";
import {
	asCampaignId,
	asEmployeeId,
	type CampaignId,
	type EmployeeId,
} from "../../src/domain/ids.js";
import { migrate } from "../../src/storage/migrator.js";
import { OutboxRepository } from "../../src/storage/outbox-repository.js";
import {
	createDatabase,
	type PrismaClient,
} from "../../src/storage/prisma-client.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

/** An open campaign on a real PostgreSQL with `size` people (Slack users U1…), each with a pending invitation. */
export type OutboxFixture = {
	db: TestDatabase;
	prisma: PrismaClient;
	pool: pg.Pool;
	outbox: OutboxRepository;
	campaignId: CampaignId;
	people: { employeeId: EmployeeId; slackUserId: string }[];
	/** Writes person i's invitation to the outbox (queued, due now). */
	invite(i: number): Promise<QueuedDelivery>;
	/** A delivery's state in the outbox. */
	stateOf(id: string): Promise<string | undefined>;
	close(): Promise<void>;
};

export async function createOutboxFixture(
	label: string,
	size: number,
): Promise<OutboxFixture> {
	const db = await createTestDatabase(label);
	await migrate(db.url);
	const campaignId = asCampaignId(randomUUID());
	const people = Array.from({ length: size }, (_, i) => ({
		employeeId: asEmployeeId(randomUUID()),
		slackUserId: `U${i + 1}`,
	}));
	const raw = new pg.Client({ connectionString: db.url });
	await raw.connect();
	try {
		await raw.query(
			`insert into campaign (id, name, status, questions, channel, target_rate, closes_on, min_cell_size,
			   min_group_headcount, shuffle_size, retention_days, public_key, started_by, working_hours)
			 values ($1, 'C', 'open', '{key}', '#c', 70, '2099-01-01', 10, 20, 10, 30, '\\x00', 'U0', '00:00-24:00,mon-sun')`,
			[campaignId],
		);
		await raw.query(
			`insert into employee (id, email, department, grade, slack_user_id, updated_at)
			 select e, 'p' || n || '@example.org', 'D', 'G', s, now()
			 from unnest($1::uuid[], $2::text[]) with ordinality as t(e, s, n)`,
			[people.map((p) => p.employeeId), people.map((p) => p.slackUserId)],
		);
		await raw.query(
			`insert into invitation (campaign_id, employee_id, report_group)
			 select $1, e, 'D' from unnest($2::uuid[]) as t(e)`,
			[campaignId, people.map((p) => p.employeeId)],
		);
	} finally {
		await raw.end();
	}
	const { prisma, pool } = createDatabase(db.url, 5);
	const outbox = new OutboxRepository(pool);
	return {
		db,
		prisma,
		pool,
		outbox,
		campaignId,
		people,
		async invite(i) {
			const p = people[i];
			if (!p) throw new Error(`no person ${i}`);
			const [d] = await outbox.createDeliveries([
				{
					campaignId,
					kind: "invite",
					wave: 0,
					employeeId: p.employeeId,
					recipient: p.employeeId,
					notBefore: new Date(),
				},
			]);
			if (!d) throw new Error("not created");
			return d;
		},
		async stateOf(id) {
			return (
				await pool.query<{ state: string }>(
					"select state from delivery where id = $1::uuid",
					[id],
				)
			).rows[0]?.state;
		},
		async close() {
			await prisma.$disconnect();
			await db.drop();
		},
	};
}
