import type { Activity, ChannelAccount } from "botbuilder";
import { z } from "zod";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import { teamsDialect as d } from "../admin/dialect.js";
import {
	confirmRosterUpload,
	type RosterUploadOutcome,
	receiveRosterUpload,
} from "../admin/roster-upload.js";
import { downloadFile } from "../download-file.js";
import {
	type AdaptiveCard,
	adaptiveCard,
	execute,
	textBlock,
	verbs,
} from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { isTeamsAdmin } from "./is-teams-admin.js";

/** The attachment a file sent to a bot in personal chat arrives as (with `supportsFiles` in the manifest). */
export const fileDownloadInfoType =
	"application/vnd.microsoft.teams.file.download.info";

const fileAttachmentSchema = z.object({
	contentType: z.literal(fileDownloadInfoType),
	name: z.string().min(1).max(300),
	content: z.object({ downloadUrl: z.string().min(1) }).loose(),
});

/** A file someone sent in the message: its name and the short-lived, pre-authorized URL Teams gives for it. */
export type TeamsFile = { name: string; downloadUrl: string };

/** The files attached to a message (Teams sends one per message; other attachments are left out). */
export function filesOf(activity: Pick<Activity, "attachments">): TeamsFile[] {
	return (activity.attachments ?? []).flatMap((a) => {
		const parsed = fileAttachmentSchema.safeParse(a);
		return parsed.success
			? [
					{
						name: parsed.data.name,
						downloadUrl: parsed.data.content.downloadUrl,
					},
				]
			: [];
	});
}

/**
 * Whether the bot fetches a download URL: https (OneDrive and SharePoint), or http only to this machine (a local
 * Teams emulator or test). The URL is pre-authorized, so no credential of the bot's is ever sent with it.
 */
export function downloadable(url: string): boolean {
	try {
		const u = new URL(url);
		return (
			u.protocol === "https:" ||
			(u.protocol === "http:" &&
				["127.0.0.1", "localhost", "[::1]"].includes(u.hostname))
		);
	} catch {
		return false;
	}
}

const lines = (t: string) => t.split("\n").filter((l) => l.trim() !== "");

/** The dry run's card: the summary, and for a valid file the Import button carrying the upload's id. */
function outcomeCard(
	outcome: RosterUploadOutcome,
	t: Translator,
): AdaptiveCard {
	if (outcome.kind === "refused") return messageCard(...lines(outcome.text));
	const n = outcome.rows;
	return adaptiveCard(
		lines(outcome.text).map((l) => textBlock(l)),
		[
			execute(
				t.t("roster.importButton", { n }),
				verbs.rosterImport,
				{ uploadId: outcome.uploadId },
				"positive",
			),
		],
		lines(outcome.text)[0],
	);
}

/** Who an upload belongs to: the Entra object id when Teams gives it, else the bot-scoped id. */
const uploaderOf = (from: Pick<ChannelAccount, "id" | "aadObjectId">) =>
	from.aadObjectId ?? from.id;

/**
 * A roster CSV an admin sent in personal chat: the command line's dry run as a card, with an Import button when it
 * is valid. Anyone else's file is refused before it is downloaded.
 */
export async function teamsRosterUpload(
	deps: AdminDeps,
	from: Pick<ChannelAccount, "id" | "aadObjectId">,
	file: TeamsFile,
	/** The admin's language (their Teams client's locale, else the default). */
	t: Translator = english,
): Promise<AdaptiveCard | string> {
	if (!(await isTeamsAdmin(deps, from))) return t.t("result.uploadNotAdmin");
	const outcome = await receiveRosterUpload(
		deps.rosterUpload,
		d,
		uploaderOf(from),
		{
			name: file.name,
			size: null,
			download: async (maxBytes) =>
				downloadable(file.downloadUrl)
					? downloadFile(file.downloadUrl, { maxBytes })
					: { ok: false, reason: "failed", status: null },
		},
		t,
	);
	deps.logger.info(
		{ platform: "teams", event: "roster-upload", kind: outcome.kind },
		"roster upload checked",
	);
	return outcomeCard(outcome, t);
}

const importDataSchema = z.object({ uploadId: z.string().max(100) });

/** The Import button (`census_roster_import`): imports the checked upload once; the card becomes the outcome. */
export async function teamsRosterImportAction(
	deps: AdminDeps,
	from: Pick<ChannelAccount, "id" | "aadObjectId">,
	data: unknown,
	/** The admin's language (their Teams client's locale, else the default). */
	t: Translator = english,
): Promise<AdaptiveCard> {
	if (!(await isTeamsAdmin(deps, from)))
		return messageCard(t.t("result.notAdmin"));
	const parsed = importDataSchema.safeParse(data);
	const outcome = await confirmRosterUpload(
		deps.rosterUpload,
		d,
		uploaderOf(from),
		parsed.success ? parsed.data.uploadId : "",
		t,
	);
	deps.logger.info(
		{
			platform: "teams",
			event: "roster-import",
			kind: outcome.imported ? "imported" : "not-imported",
		},
		"roster upload confirmed",
	);
	return messageCard(...lines(outcome.text));
}
