import express, { type Application } from "express";
import { stampArrival } from "./request-arrival.js";
import { requestSizeLimit } from "./request-size-limit.js";

/** Checks readiness of one dependency; throws when it is not ready. */
export type ReadinessCheck = { name: string; check(): Promise<void> };

/** A figure `/readyz` reports besides its checks (it does not decide readiness), such as the delivery backlog. */
export type ReadinessReport = { name: string; read(): Promise<unknown> };

/** The HTTP app: health and readiness here; Slack and Teams mount their endpoints on it. */
export function createHttpApp(
	checks: ReadinessCheck[],
	reports: ReadinessReport[] = [],
): Application {
	const app = express();
	app.disable("x-powered-by");
	// First, so no route (Slack's receiver, Teams, anything mounted later) reads a body over the limit.
	app.use(requestSizeLimit());
	// First of all: the answer paths turn away requests that waited too long (chat/answer-admission.ts).
	app.use(stampArrival);
	app.get("/healthz", (_req, res) => {
		res.status(200).json({ status: "ok" });
	});
	app.get("/readyz", async (_req, res) => {
		const results = await Promise.all(
			checks.map(async (c) => {
				try {
					await c.check();
					return [c.name, "ok"] as const;
				} catch {
					return [c.name, "unavailable"] as const;
				}
			}),
		);
		const ready = results.every(([, s]) => s === "ok");
		const figures = await Promise.all(
			reports.map(
				async (r) =>
					[r.name, await r.read().catch(() => "unavailable")] as const,
			),
		);
		res.status(ready ? 200 : 503).json({
			status: ready ? "ready" : "not ready",
			checks: Object.fromEntries(results),
			...Object.fromEntries(figures),
		});
	});
	return app;
}
