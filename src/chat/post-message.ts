import type {
	NoticePayload,
	PostPayload,
} from "../domain/deliveries/outbox-store.js";
import { cleanText } from "../text/clean-text.js";
import type { Translator } from "../text/translator.js";
import type { Dialect } from "./admin/dialect.js";

const platformName = { slack: "Slack", teams: "Teams" } as const;

/** A channel post or a notice in a platform's markup: its notification summary (plain), its text and its lines. */
export type PostMessage = { summary: string; text: string; lines: string[] };

/**
 * The wording of a post (a leadership progress update, the scheduled close's note to the admin), in dialect `d`.
 * Every name is escaped for `d` here, at the point of rendering; a post queued as sentences is escaped whole. The
 * progress post is in `t`'s language (the channel's readers: the deployment's default); a notice is in its
 * reader's, the admin's (their roster language, else the default).
 */
export function postMessage(
	p: PostPayload | NoticePayload,
	d: Dialect,
	t: Translator,
): PostMessage {
	switch (p.kind) {
		case "progress":
			return {
				summary: t.t("progress.summary", {
					campaign: cleanText(p.campaignName),
					percent: String(p.organisationPercent),
				}),
				text: t.t("progress.text", {
					campaign: d.bold(d.escape(p.campaignName)),
					percent: String(p.organisationPercent),
					target: String(p.targetPercent),
					until: t.closingDay(p.closesOn),
				}),
				lines: [
					...p.groups.map((g) =>
						g.ratePercent === null
							? t.t("progress.groupTooSmall", { group: d.escape(g.name) })
							: t.t("progress.groupRate", {
									group: d.escape(g.name),
									percent: String(g.ratePercent),
								}),
					),
					t.t("progress.note"),
				],
			};
		case "closed":
			return {
				summary: t.t("notice.closedSummary", {
					campaign: cleanText(p.campaignName),
				}),
				text: t.t("notice.closed", {
					campaign: d.bold(d.escape(p.campaignName)),
					until: t.closingDay(p.closesOn),
					answers: p.responded,
					command: d.code(d.command("results")),
					where: d.escape(p.channel),
				}),
				lines: [],
			};
		case "paused": {
			const service = platformName[p.platform];
			return {
				summary: t.t("notice.pausedSummary", { service }),
				text: t.t("notice.paused", {
					service,
					reason: p.reason === "app_uninstalled" ? "uninstalled" : "revoked",
					campaign: d.bold(d.escape(p.campaignName)),
				}),
				lines: [
					p.platform === "slack"
						? t.t("notice.pausedFixSlack", { token: d.code("SLACK_BOT_TOKEN") })
						: t.t("notice.pausedFixTeams"),
				],
			};
		}
		case "text":
			return {
				summary: cleanText(p.text),
				text: d.escape(p.text),
				lines: (p.lines ?? []).map(d.escape),
			};
	}
}
