/** A checked roster upload waiting for its uploader's Confirm: the file's text, exactly as it was checked. */
export type PendingRosterUpload = { filename: string; csv: string };

/**
 * Roster uploads waiting for a Confirm, shared by every web process: the button carries only an unguessable id,
 * never the content. `take` hands an upload over once (a second Confirm finds nothing) and forgets it.
 */
export type PendingRosterUploads = {
	/** Keeps the upload for a while; returns its id. */
	put(uploader: string, upload: PendingRosterUpload): Promise<string>;
	/** The uploader's upload with this id, once; null when taken already, expired, or someone else's. */
	take(uploader: string, id: string): Promise<PendingRosterUpload | null>;
};
