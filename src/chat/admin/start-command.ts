import {
	parseStartArguments,
	type StartArguments,
} from "../../domain/campaigns/parse-start-arguments.js";
import type { OpeningObserver, Organiser } from "../../domain/ports.js";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "./admin-deps.js";
import type { AdminReplies } from "./admin-replies.js";
import type { Dialect } from "./dialect.js";
import { dispatchSoon } from "./dispatch-soon.js";
import { type AfterTurn, runLongCommand } from "./long-command.js";
import { reachLines } from "./reach-lines.js";
import { openStartForm } from "./start-form.js";
import { startProblemText } from "./start-problem-text.js";

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

const usage = (d: Dialect, form: boolean, t: Translator) => {
	const example = d.code(
		`${d.command("start")} name="Census 2026" closes=2026-12-14 channel=${d.channelExample} target=70 questions=key,school`,
	);
	return form
		? t.t("start.usageForm", { example, command: d.code(d.command("start")) })
		: t.t("start.usage", { example });
};

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
	const t = ctx.t ?? english;
	if (!parsed.ok) {
		const cannot = t.t("start.cannot", {
			problems: parsed.problems
				.map((p) => d.escape(startProblemText(p, t)))
				.join("; "),
		});
		return replies.text(
			`${cannot}\n${usage(d, replies.startForm !== undefined, t)}`,
		);
	}
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
	const t = ctx.t ?? english;
	return runLongCommand(
		deps,
		replies,
		ctx.afterTurn,
		t.t("start.starting", { campaign: d.bold(d.escape(args.name)) }),
		// The campaign's language is the admin's (the command and both start forms pass it); a start without one
		// leaves it to the deployment default.
		(r) => openCensus(deps, d, r, args, ctx.userId, t, ctx.t?.locale ?? null),
		t,
	);
}

/** The start's long part: the reach check, the opening (invitations written in batches), the outcome. */
async function openCensus(
	deps: AdminDeps,
	d: Dialect,
	replies: AdminReplies,
	args: StartArguments,
	userId: string,
	t: Translator,
	language: string | null,
): Promise<unknown> {
	// The same resolution as `check`, for the people the roster has no id for (the roster's ids are trusted, as
	// `check` can confirm), told before anything is sent. Not when a campaign is open: start refuses that anyway.
	const reach = (await deps.service.currentCampaign())
		? null
		: await deps.checkReach("without-ids");
	if (reach && reach.people > 0) {
		if (reach.reachable === 0)
			return replies.text(
				[
					t.t("start.nobodyReachable"),
					...reachLines(d, reach, t),
					t.t("start.nobodyReachableFix", {
						command: d.code(d.command("check")),
					}),
				].join("\n"),
			);
		// Said before anything is sent when anyone is left out; otherwise the opening reply gives the count.
		if (reach.unreachable.length > 0 || reach.failures.length > 0)
			await replies.text(
				[
					...reachLines(d, reach, t),
					...(reach.unreachable.length > 0
						? [t.t("start.anyway", { command: d.code(d.command("check")) })]
						: []),
				].join("\n"),
			);
	}
	// The campaign's language is the starting admin's, as this reply is in: its leadership report is written in it.
	const result = await deps.service.start(
		args,
		userId,
		openingProgress(deps, d, replies, args.name, t),
		language,
	);
	if (!result.ok) {
		if (result.reason === "nobody-reachable")
			return replies.text(
				t.t("start.noneReachable", {
					people: result.people,
					command: d.code(d.command("check")),
				}),
			);
		if (result.reason === "opening")
			return replies.text(
				t.t("start.openingElsewhere", {
					campaign: d.bold(d.escape(result.opening.campaign.name)),
					written: result.opening.written,
					total: result.opening.total,
					command: d.code(d.command("status")),
				}),
			);
		if (result.reason === "names-too-long")
			return replies.text(
				t.t("start.namesTooLong", {
					names: result.names.map(d.escape).join("; "),
				}),
			);
		return replies.text(
			result.reason === "already-open"
				? t.t("start.alreadyOpen", {
						campaign: d.bold(d.escape(result.campaign?.name ?? "")),
						command: d.code(d.command("close")),
					})
				: result.reason === "unknown-grades"
					? t.t("start.unknownGrades", {
							option: d.code("grades="),
							grades: result.grades.map(d.escape).join(", "),
						})
					: result.reason === "no-tally-key"
						? t.t("start.noTallyKey", {
								command: d.code("npm run tally-key -- new"),
							})
						: t.t("admin.check.empty", {
								command: d.code("npm run roster -- import FILE.csv"),
							}),
		);
	}
	const invites = (await deps.outbox.countDeliveries(result.campaign.id))
		.filter((c) => c.kind === "invite")
		.reduce((n, c) => n + c.count, 0);
	await dispatchSoon(deps);
	const merged = result.groups.filter((g) => g.departments.length > 1);
	const mergeNote = merged
		.map((g) => {
			const combines = t.t("status.combines", {
				group: d.escape(g.name),
				departments: g.departments.map(d.escape).join(", "),
			});
			return ` ${combines}.`;
		})
		.join("");
	const unreachable = result.unreachable;
	const opened = t.t("start.opened", {
		campaign: d.bold(d.escape(result.campaign.name)),
		until: t.closingDay(result.campaign.closesOn),
		n: invites,
		unreachable: unreachable > 0 ? ` (${d.unreachable(unreachable, t)})` : "",
		groups: result.groups.length,
	});
	const goesTo = t.t("start.reportGoesTo", {
		channel: d.escape(result.campaign.channel),
	});
	return replies.text(
		`${opened}${mergeNote} ${goesTo}${organiserNote(result.campaign.organiser, d, t)}`,
	);
}

/** What the invitation leaves out about who runs the census, and how to give it next time. */
function organiserNote(o: Organiser, d: Dialect, t: Translator): string {
	const missing = [
		o.runBy === null
			? t.t("start.missing.runBy", { option: d.code("runby=") })
			: null,
		o.contact === null
			? t.t("start.missing.contact", { option: d.code("contact=") })
			: null,
		o.privacyUrl === null
			? t.t("start.missing.privacy", { option: d.code("privacy=") })
			: null,
	].filter((m): m is string => m !== null);
	return missing.length === 0
		? ""
		: ` ${t.t("start.missing", {
				missing: missing.join(", "),
				command: d.code(d.command("start")),
				runBy: "CENSUS_RUN_BY",
				contact: "CENSUS_CONTACT",
				privacy: "CENSUS_PRIVACY_URL",
			})}`;
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
	t: Translator,
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
					t.t("start.progress", {
						campaign: d.bold(d.escape(name)),
						n: e.total,
					}),
				)
				.catch((err: unknown) =>
					deps.logger.warn({ err: err as Error }, "progress reply failed"),
				);
		}
	};
}
