import type {
	NoticePayload,
	PostPayload,
} from "../domain/deliveries/outbox-store.js";
import { cleanText } from "../text/clean-text.js";
import { formatClosingDay } from "../text/format-date.js";
import { plural } from "../text/plural.js";
import type { Dialect } from "./admin/dialect.js";

const platformName = { slack: "Slack", teams: "Teams" } as const;

/** A channel post or a notice in a platform's markup: its notification summary (plain), its text and its lines. */
export type PostMessage = { summary: string; text: string; lines: string[] };

/** Says how the progress figures are protected, under every progress post. */
const progressNote =
	"Rates are rounded to 5 points, groups too small to show are left out, and a figure changes only once enough more people have answered that nobody can be singled out.";

/**
 * The wording of a post (a leadership progress update, the scheduled close's note to the admin), in dialect `d`.
 * Every name is escaped for `d` here, at the point of rendering; a post queued as sentences is escaped whole.
 */
export function postMessage(
	p: PostPayload | NoticePayload,
	d: Dialect,
): PostMessage {
	switch (p.kind) {
		case "progress":
			return {
				summary: `${cleanText(p.campaignName)}: about ${p.organisationPercent}% have answered so far`,
				text: `${d.bold(d.escape(p.campaignName))}: about ${p.organisationPercent}% of people have answered so far (target ${p.targetPercent}%). Open until ${formatClosingDay(p.closesOn)}.`,
				lines: [
					...p.groups.map((g) =>
						g.ratePercent === null
							? `${d.escape(g.name)}: too few people to show a rate`
							: `${d.escape(g.name)}: about ${g.ratePercent}%`,
					),
					progressNote,
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
