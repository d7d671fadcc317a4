import { describe, expect, it } from "vitest";
import { Lifecycle } from "../src/lifecycle.js";

describe("Lifecycle", () => {
	it("stops the last started first, runs every stop even when one fails, and stops only once", async () => {
		const life = new Lifecycle();
		const stopped: string[] = [];
		const database = life.own({ name: "database" }, (d) => {
			stopped.push(d.name);
		});
		life.onStop(() => {
			stopped.push("queue");
			throw new Error("the queue was already gone");
		});
		life.onStop(async () => {
			await new Promise((r) => setTimeout(r, 5));
			stopped.push("server");
		});
		expect(database.name).toBe("database");
		await life.stop();
		expect(stopped).toEqual(["server", "queue", "database"]);
		await life.stop();
		expect(stopped).toEqual(["server", "queue", "database"]);
	});

	it("runs a repeated task until the stop, and not after", async () => {
		const life = new Lifecycle();
		let runs = 0;
		life.every(2, () => {
			runs += 1;
		});
		while (runs < 2) await new Promise((r) => setTimeout(r, 2));
		await life.stop();
		const atStop = runs;
		await new Promise((r) => setTimeout(r, 20));
		expect(runs).toBe(atStop);
	});
});
