import type { CensusCore } from "../census-core.js";
import type { Lifecycle } from "../lifecycle.js";

/** Storage limitation: reduces expired participation ledgers to counts now, then hourly. */
export async function startLedgerPurge(
	core: Pick<CensusCore, "service" | "logger">,
	life: Lifecycle,
): Promise<void> {
	const { service, logger } = core;
	const purge = () =>
		service
			.purgeExpiredLedgers()
			.then(
				(count) =>
					count > 0 &&
					logger.info({ count }, "participation ledgers reduced to counts"),
			)
			.catch((err: unknown) =>
				logger.error({ err: err as Error }, "ledger purge failed"),
			);
	await purge();
	life.every(3_600_000, purge);
}
