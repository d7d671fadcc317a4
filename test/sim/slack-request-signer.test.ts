import { createHmac } from "node:crypto";
import { verifySlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { signSlackRequest } from "../../src/sim/slack-request-signer.js";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const body =
	"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fcensus&text=start";

describe("signSlackRequest", () => {
	it("matches an independently computed signature", () => {
		const ts = 1531420618;
		const expected = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
		expect(signSlackRequest(secret, body, ts)).toEqual({
			"x-slack-signature": expected,
			"x-slack-request-timestamp": String(ts),
			"content-type": "application/x-www-form-urlencoded",
		});
		expect(
			signSlackRequest(secret, '{"type":"event_callback"}', ts)["content-type"],
		).toBe("application/json");
	});

	it("is accepted by Bolt's verifySlackRequest, which rejects a tampered body", () => {
		const headers = signSlackRequest(secret, body);
		const verify = (b: string) =>
			verifySlackRequest({
				signingSecret: secret,
				body: b,
				headers: {
					"x-slack-signature": headers["x-slack-signature"] ?? "",
					"x-slack-request-timestamp": Number(
						headers["x-slack-request-timestamp"],
					),
				},
			});
		expect(() => verify(body)).not.toThrow();
		expect(() => verify(`${body}x`)).toThrow(/signature mismatch/);
	});
});
