import type { AdminDeps } from "./admin-deps.js";

/**
 * Hands new outbox rows to the queue. They are committed already, so if the queue is unreachable now the worker's
 * sweep picks them up: the admin's command still succeeded.
 */
export async function dispatchSoon(
	deps: Pick<AdminDeps, "dispatch" | "logger">,
): Promise<void> {
	await deps
		.dispatch()
		.catch((err: unknown) =>
			deps.logger.warn(
				{ err: err as Error },
				"queue unreachable: deliveries stay in the outbox for the next sweep",
			),
		);
}
