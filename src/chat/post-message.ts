import type {
	NoticePayload,
	PostPayload,
} from "../domain/deliveries/outbox-store.js";
import { cleanText } from "../text/clean-text.js";
import { formatClosingDay } from "../text/format-date.js";
import { plural } from "../text/plural.js";
import type { Translator } from "../text/translator.js";
import type { Dialect } from "./admin/dialect.js";

const platformName = { slack: "Slack", teams: "Teams" } as const;

/** A channel post or a notice in a platform's markup: its notification summary (plain), its text and its lines. */
export type PostMessage = { summary: string; text: string; lines: string[] };

/**
 * The wording of a post (a leadership progress update, the scheduled close's note to the admin), in dialect `d`.
 * Every name is escaped for `d` here, at the point of rendering; a post queued as sentences is escaped whole. The
 * progress post is in `t`'s language (the channel's readers: the deployment's default); the note to the admin stays
 * in English, as the admin commands do.
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
				summary: `${cleanText(p.campaignName)} has closed: the results are ready to check`,
				text: `${d.bold(d.escape(p.campaignName))} closed as planned at ${formatClosingDay(p.closesOn)}. ${plural(p.responded, "answer was", "answers were")} tallied. Nothing has been posted yet: run ${d.code(d.command("results"))} to check the preview and post it to ${d.escape(p.channel)}.`,
				lines: [],
			};
		case "paused": {
			const service = platformName[p.platform];
			return {
				summary: `Census messages on ${service} are paused`,
				text: `${service} told me the Census app ${p.reason === "app_uninstalled" ? "was uninstalled" : "lost its bot token"}, so every message to people on ${service} about ${d.bold(d.escape(p.campaignName))} is paused. None is lost: each waits, and goes out once the app is back.`,
				lines: [
					`Reinstall the Census app in ${service}, set ${p.platform === "slack" ? "SLACK_BOT_TOKEN" : "the Teams app password"} to its new value if it changed, and restart the census: the paused messages then go out.`,
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
