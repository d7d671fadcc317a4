import {
	parseStartArguments,
	type StartArguments,
} from "../../domain/campaigns/parse-start-arguments.js";
import type { OpeningObserver, Organiser } from "../../domain/ports.js";
import { formatClosingDay } from "../../text/format-date.js";
import { plural } from "../../text/plural.js";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { dispatchSoon } from "./dispatch-soon.js";
import { type AfterTurn, runLongCommand } from "./long-command.js";
import { reachLines } from "./reach-lines.js";
import { openStartForm } from "./start-form.js";

/**
 * Who starts, where the report goes when `channel=` is left out (a Teams channel the admin wrote in), and where the
 * platform runs long commands after its turn (see `AfterTurn`).
 */
export type StartContext = {
	userId: string;
	/** The admin's language (their roster language, else their platform's locale, else the default). */
	t?: Translator;
	defaultChannel?: string;
	afterTurn?: AfterTurn;
};

const usage = (d: Dialect, form: boolean) =>
	`Usage: ${d.code(`${d.command("start")} name="Census 2026" closes=2026-12-14 channel=${d.channelExample} target=70 questions=key,school`)}${form ? `, or ${d.code(d.command("start"))} alone for a form.` : ""}`;

/**
 * `start name=… closes=… channel=…`: opens a census and invites everyone on the roster. `start` alone opens the
 * start form where the platform has one (its submission comes back through `startCampaign`).
 */
export async function startCommand(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	args: string,
	ctx: StartContext,
): Promise<unknown> {
	// Before anything slow: Slack's trigger to open the modal lasts 3 seconds.
	if (args.trim() === "" && replies.startForm)
		return replies.startForm(openStartForm(deps, ctx));
	const parsed = parseStartArguments(
		args,
		deps.service.today(),
		ctx.defaultChannel === undefined
			? {}
			: { defaultChannel: ctx.defaultChannel },
	);
	if (!parsed.ok)
		return replies.text(
			`Can't start the census: ${parsed.problems.map(d.escape).join("; ")}.\n${usage(d, replies.startForm !== undefined)}`,
		);
	return startCampaign(deps, d, replies, parsed.value, ctx);
}

/**
 * Starts a census with checked arguments (inline or from the form). The reply comes within the turn; where the
 * platform runs long commands after its turn (`ctx.afterTurn`), the outcome follows as a message of its own.
 */
export async function startCampaign(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	args: StartArguments,
	ctx: StartContext,
): Promise<unknown> {
	return runLongCommand(
		deps,
		replies,
		ctx.afterTurn,
		`Starting ${d.bold(d.escape(args.name))}… I'll message you here once the invitations are queued, or if it cannot start.`,
		(r) => openCensus(deps, d, r, args, ctx.userId),
	);
}

/** The start's long part: the reach check, the opening (invitations written in batches), the outcome. */
async function openCensus(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	args: StartArguments,
	userId: string,
): Promise<unknown> {
	// The same resolution as `check`, for the people the roster has no id for (the roster's ids are trusted, as
	// `check` can confirm), told before anything is sent. Not when a campaign is open: start refuses that anyway.
	const reach = (await deps.service.currentCampaign())
		? null
		: await deps.checkReach("without-ids");
	if (reach && reach.people > 0) {
		if (reach.reachable === 0)
			return replies.text(
				`Can't start the census: nobody on the roster can be reached, so nobody would be invited.\n${reachLines(d, reach).join("\n")}\nAdd Slack or Teams ids to the roster, or configure a platform that can look people up by email, then run ${d.code(d.command("check"))}.`,
			);
		// Said before anything is sent when anyone is left out; otherwise the opening reply gives the count.
		if (reach.unreachable.length > 0 || reach.failures.length > 0)
			await replies.text(
				[
					...reachLines(d, reach),
					...(reach.unreachable.length > 0
						? [
								`Starting anyway: they are left out of every rate. ${d.code(d.command("check"))} lists them; anyone reachable later is invited with the next reminder wave.`,
							]
						: []),
				].join("\n"),
			);
	}
	const result = await deps.service.start(
		args,
		userId,
		openingProgress(deps, d, replies, args.name),
	);
	if (!result.ok) {
		if (result.reason === "nobody-reachable")
			return replies.text(
				`Can't start the census: none of the ${result.people} people on the roster can be reached, so nobody would be invited. Run ${d.code(d.command("check"))} to see why.`,
			);
		if (result.reason === "opening")
			return replies.text(
				`${d.bold(d.escape(result.opening.campaign.name))} is being opened by another start: ${result.opening.written} of ${plural(result.opening.total, "invitation")} written so far. Run ${d.code(d.command("status"))} once it is open.`,
			);
		if (result.reason === "names-too-long")
			return replies.text(
				`Can't start the census: these reporting groups and grades are too long to seal with an answer: ${result.names.map(d.escape).join("; ")}. Shorten them in the roster and import it again.`,
			);
		return replies.text(
			result.reason === "already-open"
				? `${d.bold(d.escape(result.campaign?.name ?? ""))} is already open. Close it with ${d.code(d.command("close"))} before starting another.`
				: result.reason === "unknown-grades"
					? `Can't start the census: the roster has grades that ${d.code("grades=")} does not list: ${result.grades.map(d.escape).join(", ")}. List every grade, junior first.`
					: result.reason === "no-tally-key"
						? `Can't start the census: no tally key is registered, so the answers could never be tallied. Start the tally process with its key file (made by ${d.code("npm run tally-key -- new")}), then start again.`
						: `The roster is empty. Import it first: send me its CSV in our private chat, or run ${d.code("npm run roster -- import FILE.csv")}.`,
		);
	}
	const invites = (await deps.outbox.countDeliveries(result.campaign.id))
		.filter((c) => c.kind === "invite")
		.reduce((n, c) => n + c.count, 0);
	await dispatchSoon(deps);
	const merged = result.groups.filter((g) => g.departments.length > 1);
	const mergeNote = merged
		.map(
			(g) =>
				` ${d.escape(g.name)} combines ${g.departments.map(d.escape).join(", ")}.`,
		)
		.join("");
	const unreachable = result.unreachable;
	return replies.text(
		`${d.bold(d.escape(result.campaign.name))} is open until ${formatClosingDay(result.campaign.closesOn)}. Inviting ${plural(invites, "person", "people")}, each in their working hours` +
			`${unreachable > 0 ? ` (${d.unreachable(unreachable, english)})` : ""}. ` +
			`Reporting groups are fixed: ${result.groups.length}.${mergeNote} The report goes to ${d.escape(result.campaign.channel)}.${organiserNote(result.campaign.organiser, d)}`,
	);
}

/** What the invitation leaves out about who runs the census, and how to give it next time. */
function organiserNote(o: Organiser, d: Dialect): string {
	const missing = [
		o.runBy === null ? `who runs it (${d.code("runby=")})` : null,
		o.contact === null ? `whom to ask (${d.code("contact=")})` : null,
		o.privacyUrl === null ? `a privacy notice (${d.code("privacy=")})` : null,
	].filter((m): m is string => m !== null);
	return missing.length === 0
		? ""
		: ` The invitation does not say ${missing.join(", ")}: give them on ${d.code(d.command("start"))}, or set CENSUS_RUN_BY, CENSUS_CONTACT and CENSUS_PRIVACY_URL.`;
}

/**
 * Logs each committed batch of a campaign being opened, and tells the admin once when it takes more than one
 * batch (a large roster: about a minute per million people).
 */
function openingProgress(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
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
			await replies
				.text(
					`Opening ${d.bold(d.escape(name))}: writing invitations for ${plural(e.total, "person", "people")}. Nothing is sent until all are written; I will confirm here.`,
				)
				.catch((err: unknown) =>
					deps.logger.warn({ err: err as Error }, "progress reply failed"),
				);
		}
	};
}
