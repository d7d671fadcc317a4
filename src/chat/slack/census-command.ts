import { randomBytes } from "node:crypto";
import type { App, RespondFn } from "@slack/bolt";
import { parseStartArguments } from "../../domain/campaigns/parse-start-arguments.js";
import type { OpeningObserver } from "../../domain/ports.js";
import { helpText, text } from "../messages.js";
import { isAdmin } from "./is-admin.js";
import {
	dispatchSoon,
	nudge,
	remind,
	resendUnknown,
	status,
} from "./outreach-commands.js";
import { reportPreviewBlocks } from "./report-blocks.js";
import type { SlackDeps } from "./slack-deps.js";

const usage =
	'Usage: `/census start name="Census 2026" closes=2026-12-14 channel=#leadership target=70 questions=key,school`';

/** Registers `/census help|start|status|remind|nudge|resend-unknown|close|results`; every reply is ephemeral to the admin. */
export function registerCensusCommand(app: App, deps: SlackDeps): void {
	app.command("/census", async ({ command, ack, respond }) => {
		await ack();
		const reply = (t: string, blocks?: unknown[]) =>
			respond({
				response_type: "ephemeral",
				text: t,
				...(blocks ? { blocks: blocks as never } : {}),
			});
		const [sub = "help", ...rest] = command.text.trim().split(/\s+/);
		const subcommand = sub.toLowerCase();
		try {
			if (!(await isAdmin(deps, command.user_id)))
				return void (await reply(text.notAdmin));
			switch (subcommand) {
				case "":
				case "help":
					return void (await reply(helpText));
				case "start":
					return void (await start(
						deps,
						reply,
						rest.join(" "),
						command.user_id,
					));
				case "status":
					return void (await status(deps, reply));
				case "close":
					return void (await close(deps, reply));
				case "results":
					return void (await results(deps, reply, rest[0]));
				case "resend-unknown":
					return void (await resendUnknown(deps, reply));
				case "remind":
					return void (await remind(deps, reply));
				case "nudge":
					return void (await nudge(deps, reply));
				default:
					return void (await reply(
						`Unknown subcommand "${sub}". Try \`/census help\`.`,
					));
			}
		} catch (err) {
			const ref = randomBytes(4).toString("hex");
			deps.logger.error(
				{ command: subcommand, requestId: ref, err },
				"census command failed",
			);
			await reply(text.error(ref));
		}
	});
}

async function start(
	deps: SlackDeps,
	reply: (t: string) => ReturnType<RespondFn>,
	args: string,
	userId: string,
) {
	const parsed = parseStartArguments(args, deps.service.today());
	if (!parsed.ok)
		return reply(
			`Can't start the census: ${parsed.problems.join("; ")}.\n${usage}`,
		);
	const result = await deps.service.start(
		parsed.value,
		userId,
		openingProgress(deps, reply, parsed.value.name),
	);
	if (!result.ok) {
		if (result.reason === "opening")
			return reply(
				`*${result.opening.campaign.name}* is being opened by another start: ${result.opening.written} of ${result.opening.total} invitations written so far. Run \`/census status\` once it is open.`,
			);
		return reply(
			result.reason === "already-open"
				? `*${result.campaign?.name}* is already open. Close it with \`/census close\` before starting another.`
				: result.reason === "unknown-grades"
					? `Can't start the census: the roster has grades that \`grades=\` does not list: ${result.grades.join(", ")}. List every grade, junior first.`
					: "The roster is empty. Import it first with `npm run roster -- import FILE.csv`.",
		);
	}
	const invites = (await deps.outbox.countDeliveries(result.campaign.id))
		.filter((c) => c.kind === "invite")
		.reduce((n, c) => n + c.count, 0);
	await dispatchSoon(deps);
	const merged = result.groups.filter((g) => g.departments.length > 1);
	const mergeNote = merged
		.map((g) => ` ${g.name} combines ${g.departments.join(", ")}.`)
		.join("");
	const unreachable = result.invited - invites;
	return reply(
		`*${result.campaign.name}* is open until ${result.campaign.closesOn}. Inviting ${invites} people, each in their working hours` +
			`${unreachable > 0 ? ` (${unreachable} on the roster have no Slack user id)` : ""}. ` +
			`Reporting groups are fixed: ${result.groups.length}.${mergeNote} The report goes to ${result.campaign.channel}.`,
	);
}

/**
 * Logs each committed batch of a campaign being opened, and tells the admin once when it takes more than one
 * batch (a large roster: about a minute per million people).
 */
function openingProgress(
	deps: SlackDeps,
	reply: (t: string) => ReturnType<RespondFn>,
	name: string,
): OpeningObserver {
	let told = false;
	return async (e) => {
		if (e.kind === "abandoned-stale") {
			deps.logger.warn(
				{ campaignId: e.campaignId },
				"removing a campaign left half-opened by an earlier start",
			);
			return;
		}
		deps.logger.info(
			{ campaignId: e.campaignId, count: e.written, total: e.total },
			"opening campaign: invitations written",
		);
		if (!told && e.written < e.total) {
			told = true;
			// Only a courtesy: a failed progress reply must not fail the opening.
			await reply(
				`Opening *${name}*: writing invitations for ${e.total} people. Nothing is sent until all are written; I will confirm here.`,
			).catch((err: unknown) =>
				deps.logger.warn({ err: err as Error }, "progress reply failed"),
			);
		}
	};
}

async function close(
	deps: SlackDeps,
	reply: (t: string, blocks?: unknown[]) => ReturnType<RespondFn>,
) {
	const result = await deps.service.close();
	if (!result.ok) return reply(`${text.noCensus} Nothing to close.`);
	await reply(
		`*${result.campaign.name}* is closed. ${result.report.responded} answers were tallied, the encrypted answers deleted and the campaign key destroyed. Nothing has been posted yet: check the preview and post it to ${result.campaign.channel} when you are ready.`,
	);
	return reply(
		`${result.campaign.name}: results preview`,
		reportPreviewBlocks(result.report, {
			channel: result.campaign.channel,
			publishedOn: null,
		}),
	);
}

async function results(
	deps: SlackDeps,
	reply: (t: string, blocks?: unknown[]) => ReturnType<RespondFn>,
	campaignId: string | undefined,
) {
	const found = await deps.service.report(campaignId);
	if (!found)
		return reply(
			campaignId
				? `No closed campaign has the id ${campaignId}. \`/census results\` shows the latest one.`
				: "No census has closed yet, so there are no results. Results exist only after `/census close`.",
		);
	return reply(
		`${found.campaign.name}: results preview`,
		reportPreviewBlocks(found.report, {
			channel: found.campaign.channel,
			publishedOn: found.campaign.publishedOn,
		}),
	);
}
