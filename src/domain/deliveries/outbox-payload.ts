import { z } from "zod";
import type { DeliveryKind } from "./outbox-store.js";

/** A reporting group's rate as published: `ratePercent` null when the group is too small to show one. */
const groupRate = z.object({
	name: z.string(),
	ratePercent: z.number().nullable(),
});

/** A manager nudge: rates only, never names or respondent counts. */
export const nudgePayloadSchema = z.object({
	kind: z.literal("nudge"),
	groups: z.array(groupRate),
	targetPercent: z.number(),
	organisationPercent: z.number(),
});

/**
 * A leadership progress post: participation so far. Figures are the public ones (`publicParticipation`):
 * rounded to 5 points, held under the release ledger.
 */
export const progressPayloadSchema = z.object({
	kind: z.literal("progress"),
	campaignName: z.string(),
	organisationPercent: z.number(),
	targetPercent: z.number(),
	closesOn: z.string(),
	groups: z.array(groupRate),
});

/** To the admin who started a campaign: it closed on schedule, and the report waits for them to post it. */
export const closedNoticeSchema = z.object({
	kind: z.literal("closed"),
	campaignName: z.string(),
	closesOn: z.string(),
	responded: z.number(),
	channel: z.string(),
});

/**
 * To the admins who can still be reached on another platform: a platform told the bot it may no longer use it (the
 * app was uninstalled, its token revoked), so that platform's deliveries are paused until the app is back.
 */
export const pausedNoticeSchema = z.object({
	kind: z.literal("paused"),
	platform: z.enum(["slack", "teams"]),
	reason: z.enum(["app_uninstalled", "tokens_revoked"]),
	campaignName: z.string(),
});

/**
 * A post queued as sentences by a version before payloads carried facts; read so that such a row still goes out
 * (shown as someone else's text, escaped whole), never written.
 */
export const legacyTextSchema = z.object({
	kind: z.literal("text"),
	text: z.string(),
	lines: z.array(z.string()).optional(),
});

/** What an outbox row says, as facts: each platform words it (in `src/chat/`). */
export const outboxPayloadSchema = z.discriminatedUnion("kind", [
	nudgePayloadSchema,
	progressPayloadSchema,
	closedNoticeSchema,
	pausedNoticeSchema,
	legacyTextSchema,
]);

export type NudgePayload = z.infer<typeof nudgePayloadSchema>;
export type ProgressPayload = z.infer<typeof progressPayloadSchema>;
export type ClosedNotice = z.infer<typeof closedNoticeSchema>;
export type PausedNotice = z.infer<typeof pausedNoticeSchema>;
export type LegacyTextPayload = z.infer<typeof legacyTextSchema>;
export type OutboxPayload = z.infer<typeof outboxPayloadSchema>;
/** What a channel post says. */
export type PostPayload = ProgressPayload | LegacyTextPayload;
/** What a message to one person (not a channel, not an invitation) says. */
export type NoticePayload = ClosedNotice | PausedNotice;

/** Which payloads each kind of delivery carries (invitations and reminders carry none). */
const payloadKinds: Record<DeliveryKind, readonly OutboxPayload["kind"][]> = {
	invite: [],
	reminder: [],
	nudge: ["nudge"],
	post: ["progress", "text"],
	notice: ["closed", "paused"],
};

/**
 * Reads a stored payload for a delivery of `kind`, or null when it is not one that kind carries. Rows written
 * before payloads named their kind are read as what they were: a nudge's rates, or a post's sentences.
 */
export function parseOutboxPayload(
	kind: DeliveryKind,
	raw: unknown,
): OutboxPayload | null {
	const named =
		raw && typeof raw === "object" && !("kind" in raw)
			? { ...raw, kind: kind === "nudge" ? "nudge" : "text" }
			: raw;
	const parsed = outboxPayloadSchema.safeParse(named);
	if (!parsed.success || !payloadKinds[kind].includes(parsed.data.kind))
		return null;
	return parsed.data;
}
