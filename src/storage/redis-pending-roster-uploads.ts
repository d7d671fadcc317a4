import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import type {
	PendingRosterUpload,
	PendingRosterUploads,
} from "../domain/roster/pending-roster-uploads.js";

const uploadSchema = z.object({ filename: z.string(), csv: z.string() });
const idPattern = /^[0-9a-f]{32}$/;

/**
 * Roster uploads waiting for their Confirm, in Redis under `{prefix}:roster-upload:{uploader}:{id}`, so that any web
 * process can take the Confirm. Each expires after `ttlSeconds`; `take` reads and deletes in one transaction, so a
 * second Confirm (a double click, a retried request, another process) finds nothing.
 */
export class RedisPendingRosterUploads implements PendingRosterUploads {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly ttlSeconds: number,
	) {}

	private key(uploader: string, id: string): string {
		return `${this.prefix}:roster-upload:${uploader}:${id}`;
	}

	async put(uploader: string, upload: PendingRosterUpload): Promise<string> {
		const id = randomBytes(16).toString("hex");
		await this.redis.set(
			this.key(uploader, id),
			JSON.stringify(upload),
			"EX",
			this.ttlSeconds,
		);
		return id;
	}

	async take(
		uploader: string,
		id: string,
	): Promise<PendingRosterUpload | null> {
		if (!idPattern.test(id)) return null;
		const key = this.key(uploader, id);
		const results = await this.redis.multi().get(key).del(key).exec();
		const [err, value] = results?.[0] ?? [null, null];
		if (err) throw err;
		if (typeof value !== "string") return null;
		const parsed = uploadSchema.safeParse(JSON.parse(value));
		return parsed.success ? parsed.data : null;
	}
}
