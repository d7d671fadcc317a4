import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** What the app sent back for one envelope. */
export type SocketModeAck = { envelope_id: string; payload?: unknown };

/**
 * A local imitation of Slack's Socket Mode endpoint: it greets each connection with `hello`,
 * delivers envelopes (slash commands, interactivity, events) and collects the app's acks.
 */
export class FakeSocketMode {
	private readonly pending = new Map<string, (ack: SocketModeAck) => void>();
	private socket: WebSocket | undefined;

	private constructor(private readonly server: WebSocketServer) {
		server.on("connection", (socket) => {
			this.socket = socket;
			socket.on("message", (data) => {
				const ack = JSON.parse(String(data)) as SocketModeAck;
				this.pending.get(ack.envelope_id)?.(ack);
				this.pending.delete(ack.envelope_id);
			});
			socket.send(
				JSON.stringify({
					type: "hello",
					num_connections: 1,
					connection_info: { app_id: "A0FAKE" },
				}),
			);
		});
	}

	/** Starts the endpoint on a random loopback port. */
	static async start(): Promise<FakeSocketMode> {
		const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
		await new Promise<void>((resolve) =>
			server.once("listening", () => resolve()),
		);
		return new FakeSocketMode(server);
	}

	/** The `wss`-style URL that `apps.connections.open` hands out. */
	get url(): string {
		return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
	}

	/** True once an app is connected. */
	get connected(): boolean {
		return this.socket !== undefined;
	}

	/** Delivers one envelope and resolves with the app's ack (rejects after `timeoutMs`). */
	deliver(
		type: "slash_commands" | "interactive" | "events_api",
		payload: unknown,
		timeoutMs = 5000,
	): Promise<SocketModeAck> {
		const socket = this.socket;
		if (!socket) return Promise.reject(new Error("no app is connected"));
		const envelopeId = randomUUID();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no ack for ${type}`)),
				timeoutMs,
			);
			this.pending.set(envelopeId, (ack) => {
				clearTimeout(timer);
				resolve(ack);
			});
			socket.send(
				JSON.stringify({
					envelope_id: envelopeId,
					type,
					payload,
					accepts_response_payload: type !== "events_api",
				}),
			);
		});
	}

	/** Closes every connection and the server. */
	async close(): Promise<void> {
		for (const client of this.server.clients) client.terminate();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
