import { randomBytes } from "node:crypto";
import type { App, RespondFn } from "@slack/bolt";
import { parseStartArguments } from "../../domain/campaigns/parse-start-arguments.js";
import { helpText, text } from "../messages.js";
import { statusBlocks } from "./blocks.js";
import { isAdmin } from "./is-admin.js";
import { reportPreviewBlocks } from "./report-blocks.js";
import type { SlackDeps } from "./slack-deps.js";

const usage =
	'Usage: `/census start name="Census 2026" closes=2026-12-14 channel=#leadership target=70 questions=key,school`';

/** Registers `/census help|start|status|close|results`; every reply is ephemeral to the admin. */
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
				case "nudge":
					return void (await reply(
						`\`/census ${subcommand}\` is not available in this version yet.`,
					));
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
	const result = await deps.service.start(parsed.value, userId);
	if (!result.ok) {
		return reply(
			result.reason === "already-open"
				? `*${result.campaign?.name}* is already open. Close it with \`/census close\` before starting another.`
				: result.reason === "unknown-grades"
					? `Can't start the census: the roster has grades that \`grades=\` does not list: ${result.grades.join(", ")}. List every grade, junior first.`
					: "The roster is empty. Import it first with `npm run roster -- import FILE.csv`.",
		);
	}
	const pending = await deps.store.listUninvited(result.campaign.id);
	await deps.enqueueInvitations(
		pending.map((p) => ({
			campaignId: p.campaignId,
			employeeId: p.employeeId,
		})),
	);
	const merged = result.groups.filter((g) => g.departments.length > 1);
	const mergeNote = merged
		.map((g) => ` ${g.name} combines ${g.departments.join(", ")}.`)
		.join("");
	const unreachable = result.invited - pending.length;
	return reply(
		`*${result.campaign.name}* is open until ${result.campaign.closesOn}. Inviting ${pending.length} people` +
			`${unreachable > 0 ? ` (${unreachable} on the roster have no Slack user id)` : ""}. ` +
			`Reporting groups are fixed: ${result.groups.length}.${mergeNote} The report goes to ${result.campaign.channel}.`,
	);
}

async function status(
	deps: SlackDeps,
	reply: (t: string, blocks?: unknown[]) => ReturnType<RespondFn>,
) {
	const campaign = await deps.service.currentCampaign();
	if (!campaign)
		return reply(`${text.noCensus} Start one with \`/census start\`.`);
	const rates = await deps.service.responseRates(campaign.id);
	const groups = await deps.store.listGroups(campaign.id);
	const counts = await deps.store.participationCounts(campaign.id);
	const total = (...statuses: string[]) =>
		counts
			.filter((c) => statuses.includes(c.status))
			.reduce((s, c) => s + c.count, 0);
	const unknown = total("unknown");
	const deliveries =
		`Invitations: ${total("invited", "responded", "opted_out")} delivered, ${total("pending", "sending")} queued, ` +
		`${unknown} unknown, ${total("undeliverable")} undeliverable.` +
		(unknown > 0
			? " Unknown means Slack did not say whether the message arrived; `/census resend-unknown` sends those again."
			: "");
	return reply(
		`${campaign.name}: ${Math.round(100 * rates.overall.rate)}% responded`,
		[
			...statusBlocks(campaign, rates, groups),
			{ type: "context", elements: [{ type: "mrkdwn", text: deliveries }] },
		],
	);
}

async function resendUnknown(
	deps: SlackDeps,
	reply: (t: string) => ReturnType<RespondFn>,
) {
	const campaign = await deps.service.currentCampaign();
	if (campaign?.status !== "open")
		return reply(`${text.noCensus} Nothing to resend.`);
	const ids = await deps.store.resetUnknown(campaign.id);
	const resend = Date.now().toString(36);
	await deps.enqueueInvitations(
		ids.map((employeeId) => ({ campaignId: campaign.id, employeeId, resend })),
	);
	return reply(
		ids.length === 0
			? "No invitation has an unknown delivery."
			: `Sending ${ids.length} invitation${ids.length === 1 ? "" : "s"} again whose delivery was unknown. Some of these people may get the invitation twice.`,
	);
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
