import type { RosterRow } from "./roster-row.js";

/** How many imported people were new, changed, or already exactly as in the file. */
export type RosterImportCounts = {
	created: number;
	updated: number;
	unchanged: number;
};

/** A chat id in the file that the database already gives to a different person. */
export type RosterIdConflict = {
	email: string;
	column: "slack_user_id" | "teams_user_id";
	id: string;
	heldBy: string;
	/** The file's line with the id. */
	line: number;
};

/** A row of a roster file with the line it is on (for problems). */
export type NumberedRosterRow = { line: number; row: RosterRow };

/** Raised by an import when chat ids clash with other people; nothing was written. */
export class RosterConflictError extends Error {
	override name = "RosterConflictError";

	constructor(
		readonly conflicts: RosterIdConflict[],
		message = `${conflicts.length} chat id(s) already belong to other people`,
	) {
		super(message);
	}
}

/** The roster as an import (not a full one: nobody leaves) sees it, from the command line or a chat upload. */
export type RosterImportStore = {
	/** Chat ids in the rows that the roster already gives to someone else; writes nothing. */
	findIdConflicts(
		rows: readonly NumberedRosterRow[],
	): Promise<RosterIdConflict[]>;
	/** How many people are on file but not among `emails`. */
	countNotIn(emails: readonly string[]): Promise<number>;
	/**
	 * Writes every row or none, through the same staged import as the command line's; throws
	 * {@link RosterConflictError} when chat ids clash.
	 */
	importRows(rows: readonly NumberedRosterRow[]): Promise<RosterImportCounts>;
};
