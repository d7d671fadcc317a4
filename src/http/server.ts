import express, { type Application } from "express";
import { stampArrival } from "./request-arrival.js";
import { requestSizeLimit } from "./request-size-limit.js";

/** Checks readiness of one dependency; throws when it is not ready. */
export type ReadinessCheck = { name: string; check(): Promise<void> };

/** The HTTP app: health and readiness here; Slack and Teams mount their endpoints on it. */
export function createHttpApp(checks: ReadinessCheck[]): Application {
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
		res.status(ready ? 200 : 503).json({
			status: ready ? "ready" : "not ready",
			checks: Object.fromEntries(results),
		});
	});
	return app;
}
