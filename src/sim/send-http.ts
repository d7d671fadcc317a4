import type { ServerResponse } from "node:http";

/** Ends a response with a text body (strings) or a JSON body (anything else). */
export function sendHttp(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = typeof body === "string" ? body : JSON.stringify(body);
	const type =
		typeof body === "string" ? "text/plain" : "application/json; charset=utf-8";
	res.writeHead(status, { "content-type": type, ...headers });
	res.end(text);
}
