import type { AdminDeps } from "../../src/chat/admin/admin-deps.js";
import { createReachCheck } from "../../src/chat/reach-check.js";
import { loadConfig } from "../../src/config.js";
import { CampaignCloser } from "../../src/domain/campaigns/campaign-closer.js";
import { CensusService } from "../../src/domain/campaigns/census-service.js";
import { OutreachService } from "../../src/domain/campaigns/outreach-service.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import type { Logger } from "../../src/logger.js";
import { defaultOpeningOptions } from "../../src/storage/campaign-opening.js";
import { CensusRepository } from "../../src/storage/census-repository.js";
import { migrateWhenReachable } from "../../src/storage/migrate-when-reachable.js";
import { notReachedList } from "../../src/storage/not-reached-repository.js";
import { OutboxRepository } from "../../src/storage/outbox-repository.js";
import { createDatabase } from "../../src/storage/prisma-client.js";
import { ReachRepository } from "../../src/storage/reach-repository.js";
import { RosterRepository } from "../../src/storage/roster-repository.js";
import { WaveRepository } from "../../src/storage/wave-repository.js";
import { InMemoryPendingRosterUploads } from "../fakes/in-memory-pending-roster-uploads.js";
import { createTestDatabase } from "./test-database.js";

/**
 * The admin commands' real services on a migrated database of the test's own, for adapter tests that start the
 * Teams endpoint without the whole app. No queue: deliveries stay in the outbox (as when Redis is unreachable).
 */
export async function startTestAdminDeps(
	label: string,
	admins: string[],
	logger: Logger,
): Promise<{ deps: AdminDeps; databaseUrl: string; stop(): Promise<void> }> {
	const db = await createTestDatabase(label);
	await migrateWhenReachable(db.url, logger);
	const { prisma, pool } = createDatabase(db.url, 4);
	const clock = { now: () => new Date() };
	const store = new CensusRepository(prisma, {
		...defaultOpeningOptions,
		platforms: ["slack", "teams"],
	});
	const custody = ephemeralCustody();
	const service = new CensusService(
		store,
		clock,
		custody.serving,
		loadConfig({}).privacy,
	);
	// No tally process here: the close runs in the test's process, through the real closer.
	const closer = new CampaignCloser(store, clock, custody.tally);
	const outbox = new OutboxRepository(pool);
	return {
		databaseUrl: db.url,
		deps: {
			service,
			store,
			outreach: new OutreachService(
				service,
				store,
				outbox,
				new WaveRepository(prisma, ["slack", "teams"]),
				clock,
			),
			outbox,
			dispatch: async () => undefined,
			platforms: ["slack", "teams"],
			admins: admins.map((a) => a.toLowerCase()),
			logger,
			closeCensus: () => closer.close(),
			notReached: notReachedList(pool),
			// No directory: the roster's ids decide, on both platforms.
			checkReach: createReachCheck({
				roster: new ReachRepository(prisma),
				platforms: ["slack", "teams"],
				directories: [],
				logger,
			}),
			rosterUpload: {
				roster: new RosterRepository(prisma),
				pending: new InMemoryPendingRosterUploads(),
				platforms: ["slack", "teams"],
				directories: [],
			},
		},
		async stop() {
			await prisma.$disconnect();
			await db.drop();
		},
	};
}
