import { randomBytes } from "node:crypto";
import type {
	PendingRosterUpload,
	PendingRosterUploads,
} from "../../src/domain/roster/pending-roster-uploads.js";

/** Roster uploads waiting for a Confirm, in memory (one process, no expiry): for adapter tests without Redis. */
export class InMemoryPendingRosterUploads implements PendingRosterUploads {
	private readonly uploads = new Map<string, PendingRosterUpload>();

	async put(uploader: string, upload: PendingRosterUpload): Promise<string> {
		const id = randomBytes(16).toString("hex");
		this.uploads.set(`${uploader}:${id}`, upload);
		return id;
	}

	async take(
		uploader: string,
		id: string,
	): Promise<PendingRosterUpload | null> {
		const key = `${uploader}:${id}`;
		const found = this.uploads.get(key) ?? null;
		this.uploads.delete(key);
		return found;
	}
}
