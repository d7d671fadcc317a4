import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

function capture() {
	const lines: string[] = [];
	return {
		lines,
		logger: createLogger("debug", { write: (l: string) => void lines.push(l) }),
	};
}

describe("logger", () => {
	it("keeps only allowlisted fields: an answer, an email or a payload passed by mistake is dropped", () => {
		const { lines, logger } = capture();
		logger.info(
			{
				campaignId: "c1",
				count: 3,
				answer: "occ_routine",
				email: "a@example.org",
				body: { view: { state: 1 } },
				userId: "U1",
			},
			"recorded",
		);
		const entry = JSON.parse(lines[0] as string);
		expect(entry).toMatchObject({
			campaignId: "c1",
			count: 3,
			msg: "recorded",
		});
		expect(lines[0]).not.toMatch(/occ_routine|example\.org|state|U1/);
	});

	it("drops the message of driver errors, which can quote query parameters, but keeps our own", () => {
		const { lines, logger } = capture();
		const driverError = Object.assign(
			new Error(
				'Key (email)=(a@example.org) already exists; value "occ_routine"',
			),
			{
				code: "23505",
			},
		);
		logger.error({ err: driverError }, "failed");
		const configError = new Error("PORT: invalid");
		configError.name = "ConfigError";
		logger.error({ err: configError }, "bad config");
		expect(lines[0]).toContain('"code":"23505"');
		expect(lines[0]).not.toMatch(/example\.org|occ_routine/);
		expect(lines[1]).toContain("PORT: invalid");
	});

	it("redacts tokens and secrets as a safety net", () => {
		const { lines, logger } = capture();
		logger.info(
			{ err: Object.assign(new Error("x"), { token: "xoxb-secret" }) },
			"x",
		);
		expect(lines.join("\n")).not.toContain("xoxb-secret");
	});
});

describe("logger lines", () => {
	it("keeps every line one line of clean, bounded text, whatever a field or a library's message holds", () => {
		const { lines, logger } = capture();
		const hostile = `<!channel>\n{"level":60,"msg":"forged"}\u202Edesrever\u200B${"A".repeat(10_000)}`;
		logger.info({ command: hostile, event: hostile }, hostile);
		expect(lines).toHaveLength(1);
		const line = lines[0] as string;
		expect(line.trimEnd().split("\n")).toHaveLength(1);
		expect(line).not.toMatch(/[\u202e\u200b]/);
		expect(line.length).toBeLessThan(2_000);
		const entry = JSON.parse(line);
		expect(entry.command).toMatch(/^<!channel> \{"level":60/);
		expect(entry.msg.length).toBeLessThanOrEqual(500);
	});
});
