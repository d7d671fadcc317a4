import { describe, expect, it } from "vitest";
import { demoLogger } from "../../src/demo/demo-logger.js";

describe("the demo's logger", () => {
	it("prints no log line, not even a warning or an error, unless asked", () => {
		const lines: string[] = [];
		const quiet = demoLogger(false);
		expect(quiet.level).toBe("silent");
		const loud = demoLogger(true, { write: (l: string) => void lines.push(l) });
		loud.warn({ count: 1 }, "dnd:read is missing");
		loud.info("invitations queued");
		expect(lines).toHaveLength(2);
		expect(JSON.parse(lines[0] as string)).toMatchObject({
			level: 40,
			msg: "dnd:read is missing",
		});
	});
});
