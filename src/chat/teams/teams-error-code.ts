/**
 * The error code a Bot Connector failure carries, for logs: `error.code` (`BotNotInConversationRoster`,
 * `Throttled`…) or the `subCode` Teams nests in `message` (`MessageWritesBlocked`); undefined when there is none.
 * Never the message text itself: it can quote what was sent.
 */
export function teamsErrorCode(err: unknown): string | undefined {
	const response = (err as { response?: { bodyAsText?: unknown } }).response;
	const text =
		typeof response?.bodyAsText === "string" ? response.bodyAsText : "";
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return (err as { code?: unknown }).code === undefined
			? undefined
			: String((err as { code?: unknown }).code);
	}
	const b = body as {
		error?: { code?: unknown };
		message?: unknown;
		errorCode?: unknown;
	} | null;
	if (typeof b?.error?.code === "string") return b.error.code;
	if (typeof b?.message === "string") {
		const sub = /"subCode"\s*:\s*"([A-Za-z]+)"/.exec(b.message)?.[1];
		if (sub) return sub;
	}
	return b?.errorCode === undefined ? undefined : String(b.errorCode);
}
