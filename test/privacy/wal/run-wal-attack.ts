import type { QuestionKey } from "../../../src/domain/questions/catalogue.js";
import { linkWalBallots } from "./link-wal-ballots.js";
import { publishedOverlap } from "./published-overlap.js";
import { runWaldump } from "./run-waldump.js";
import {
	type GrantedSecrets,
	runWalAttackDrive,
	type WalAttackDrive,
	type WalAttackDriveOptions,
} from "./wal-attack-drive.js";
import { WalSegments } from "./wal-segments.js";

/** Everything the attacker holds when trying to open the ballots the WAL tied to people. */
export type AttackerMaterial = {
	/** The stored ballot bytes of each linked person, in WAL order (the pool-layer-wrapped ciphertext). */
	stored: readonly Buffer[];
	/** The campaign row from the base backup, as dumped (public key, wrapped keys, id, …). */
	campaign: Readonly<Record<string, unknown>>;
	/** The secrets granted (see WalAttackDriveOptions.grant). */
	secrets: Readonly<GrantedSecrets>;
};

/** What a ballot opened to. */
export type OpenedBallot = {
	answers: Readonly<Partial<Record<QuestionKey, string>>>;
	group: string;
	grade: string;
};

/**
 * The injected decryption: one entry per `stored` buffer, the ballot it opened, or undefined where it
 * could not (a missing or wrong key must give undefined, not throw).
 */
export type Decrypt = (
	material: AttackerMaterial,
) => (OpenedBallot | undefined)[] | Promise<(OpenedBallot | undefined)[]>;

/** The figures of one WAL attack. */
export type WalAttackReport = {
	/** People who answered during the drive (ground truth). */
	respondents: number;
	walSegments: number;
	/** Heap and transaction records pg_waldump listed over the drive (all databases). */
	walRecords: number;
	invitationUpdates: number;
	untracedUpdates: number;
	ballotInserts: number;
	/** People tied to a stored ballot by the WAL, and how many of them really answered. */
	linked: number;
	linkedRespondents: number;
	/** Where the linked ballot bytes came from: the INSERT's tuple, or a full-page image. */
	fromTuple: number;
	fromPageImage: number;
	checkpoints: number;
	/** Linked ballots the injected decryption opened, and how many of those are that person's real answers. */
	decrypted: number;
	matchingGroundTruth: number;
	/** Distinct sizes of the linked ciphertexts (one size: the length says nothing). */
	ciphertextSizes: number[];
	/** Linked ciphertexts sharing an 8-byte run with anything published. */
	sharedWithPublished: number;
	publishedBytes: number;
};

const overlaps = new WeakMap<WalAttackDrive, (stored: Buffer) => boolean>();

/** The overlap check against a drive's published bytes, built once per drive. */
function overlapOf(drive: WalAttackDrive): (stored: Buffer) => boolean {
	let check = overlaps.get(drive);
	if (!check) {
		check = publishedOverlap(drive.published);
		overlaps.set(drive, check);
	}
	return check;
}

function sameBallot(
	a: OpenedBallot,
	b: OpenedBallot,
	questions: readonly QuestionKey[],
): boolean {
	return (
		a.group === b.group &&
		a.grade === b.grade &&
		questions.every((q) => (a.answers[q] ?? null) === (b.answers[q] ?? null))
	);
}

/**
 * The attack on a finished drive: pg_waldump over the archived segments, the linkage (person ↔ stored
 * ballot bytes), then `decrypt` with the base backup's campaign row and `secrets` (default: the drive's
 * grant), and the comparison with ground truth. Can be run several times on one drive.
 */
export async function attackWal(
	drive: WalAttackDrive,
	decrypt: Decrypt,
	secrets: GrantedSecrets = drive.secrets,
): Promise<WalAttackReport> {
	const records = await runWaldump({
		waldump: drive.wal.waldump,
		walDir: drive.wal.archive.dir,
		timeline: drive.wal.archive.timeline,
		start: drive.wal.start,
		end: drive.wal.end,
		rmgrs: ["Heap", "Transaction"],
	});
	const { baseBackup } = drive;
	const linkage = linkWalBallots({
		records,
		segments: new WalSegments(drive.wal.archive),
		database: baseBackup.database,
		invitation: baseBackup.invitation,
		ballot: baseBackup.ballot,
		ballotColumnOffset: baseBackup.ballotColumnOffset,
		invitationAt: baseBackup.invitationAt,
	});
	const { links } = linkage;
	const opened = await decrypt({
		stored: links.map((l) => l.stored),
		campaign: baseBackup.campaign,
		secrets,
	});
	if (opened.length !== links.length)
		throw new Error(
			`decrypt returned ${opened.length} results for ${links.length} ballots`,
		);
	const truth = new Map(drive.respondents.map((r) => [r.employeeId, r]));
	let decrypted = 0;
	let matching = 0;
	for (const [i, link] of links.entries()) {
		const ballot = opened[i];
		if (!ballot) continue;
		decrypted++;
		const real = truth.get(link.employeeId);
		if (real && sameBallot(ballot, real, drive.questions)) matching++;
	}
	const shares = overlapOf(drive);
	return {
		respondents: drive.respondents.length,
		walSegments: drive.wal.segments,
		walRecords: records.length,
		invitationUpdates: linkage.invitationUpdates,
		untracedUpdates: linkage.untracedUpdates,
		ballotInserts: linkage.ballotInserts,
		linked: links.length,
		linkedRespondents: links.filter((l) => truth.has(l.employeeId)).length,
		fromTuple: links.filter((l) => l.from === "tuple").length,
		fromPageImage: links.filter((l) => l.from === "page-image").length,
		checkpoints: drive.checkpoints,
		decrypted,
		matchingGroundTruth: matching,
		ciphertextSizes: [...new Set(links.map((l) => l.stored.length))].sort(
			(a, b) => a - b,
		),
		sharedWithPublished: links.filter((l) => shares(l.stored)).length,
		publishedBytes: drive.published.reduce((n, b) => n + b.length, 0),
	};
}

/** Drives a census (see runWalAttackDrive), attacks its WAL with `decrypt`, and cleans up. */
export async function runWalAttack(
	decrypt: Decrypt,
	opts: WalAttackDriveOptions = {},
): Promise<WalAttackReport> {
	const drive = await runWalAttackDrive(opts);
	try {
		return await attackWal(drive, decrypt);
	} finally {
		await drive.cleanup();
	}
}
