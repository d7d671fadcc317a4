import type { Application } from "express";
import type { CensusCore } from "../census-core.js";
import { deliveryStall } from "../domain/deliveries/delivery-stall.js";
import { stallAfterMs } from "../jobs/recovery-timings.js";
import { createHttpApp } from "./server.js";

/**
 * The process's HTTP app: `/readyz` checks the database and Redis, and shows operators a delivery stall (how many
 * deliveries are due, how long the oldest has waited, how long since any settled). Platforms mount on it.
 */
export function createCensusHttpApp(core: CensusCore): Application {
	const { prisma, connection } = core.storage;
	return createHttpApp(
		[
			{
				name: "database",
				check: async () => void (await prisma.$queryRawUnsafe("select 1")),
			},
			{ name: "redis", check: async () => void (await connection.ping()) },
		],
		[
			{
				name: "deliveries",
				read: async () => {
					const p = await core.outbox.pendingDeliveries();
					const now = new Date();
					const ago = (d: Date | null) =>
						d ? Math.round((now.getTime() - d.getTime()) / 1000) : null;
					return {
						due: p.due,
						oldestDueSeconds: ago(p.oldestDueAt),
						lastSettledSecondsAgo: ago(p.lastSettledAt),
						stalled:
							deliveryStall(p, now, stallAfterMs(core.recovery)) !== null,
					};
				},
			},
		],
	);
}
