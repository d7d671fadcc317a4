import { createHmac } from "node:crypto";

/**
 * Headers that make a request body look as if Slack sent it: `v0=` HMAC-SHA256 of
 * `v0:{timestamp}:{body}`, the timestamp, and the content type (JSON if the body starts
 * with `{`, otherwise form-encoded, unless given).
 */
export function signSlackRequest(
	signingSecret: string,
	rawBody: string,
	timestampSec: number = Math.floor(Date.now() / 1000),
	contentType: string = rawBody.trimStart().startsWith("{")
		? "application/json"
		: "application/x-www-form-urlencoded",
): Record<string, string> {
	const digest = createHmac("sha256", signingSecret)
		.update(`v0:${timestampSec}:${rawBody}`)
		.digest("hex");
	return {
		"x-slack-signature": `v0=${digest}`,
		"x-slack-request-timestamp": String(timestampSec),
		"content-type": contentType,
	};
}
