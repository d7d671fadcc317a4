import { randomBytes } from "node:crypto";
import type { App, BlockAction, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import type { Campaign, Participant } from "../../domain/ports.js";
import { englishOnly } from "../../text/languages.js";
import type { Translator } from "../../text/translator.js";
import { slackDialect } from "../admin/dialect.js";
import { AnswerAdmission } from "../answer-admission.js";
import { answersFromInputs } from "../participant/answers-from-inputs.js";
import type { Answers } from "../participant/participant-action.js";
import type { ParticipantDeps } from "../participant/participant-deps.js";
import type { ParticipantResult } from "../participant/participant-result.js";
import { resultText } from "../participant/result-text.js";
import { runParticipantAction } from "../participant/run-participant-action.js";
import { adminHomeView } from "./admin-home.js";
import {
	ids,
	languageOfTrustValue,
	minCellOfTrustValue,
	optedOutBlocks,
	thankYouBlocks,
	trustModal,
} from "./blocks.js";
import { isAdmin } from "./is-admin.js";
import {
	participantHome,
	resultModal,
	submitReply,
} from "./participant-views.js";
import { loadAdminHome } from "./publish-report.js";
import { registerPublishAction } from "./register-publish-action.js";
import type { SlackDeps } from "./slack-deps.js";

/** The part of a modal submission we depend on: each question's chosen option id. */
const submittedValuesSchema = z.record(
	z.string(),
	z.object({
		choice: z.object({
			selected_option: z.object({ value: z.unknown() }).nullish(),
		}),
	}),
);

/** The form's `q_<question>` inputs, or null when the submission is not in the modal's shape. */
function answersOf(values: unknown): Answers | null {
	const parsed = submittedValuesSchema.safeParse(values);
	if (!parsed.success) return null;
	return answersFromInputs(
		Object.fromEntries(
			Object.entries(parsed.data).map(([block, v]) => [
				block,
				v.choice.selected_option?.value ?? "",
			]),
		),
	);
}

/** The campaign a button names (its value); null for a button sent before buttons carried it. */
function campaignOf(body: BlockAction): string | null {
	const action = body.actions[0];
	const value = action && "value" in action ? action.value : undefined;
	return value && campaignIdPattern.test(value) ? value : null;
}
const campaignIdPattern =
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each employee listener shares: the participant core, who the person is, and their language. */
type EmployeeListeners = {
	core: ParticipantDeps;
	person: (
		userId: string,
	) => (campaign: Campaign) => Promise<Participant | null>;
	/** The reader's translator: the first of their languages (roster, then Slack locale) we ship, else the default. */
	tr: (...candidates: (string | null | undefined)[]) => Translator;
};

/** Opt out: the invitation turns into the opted-out note; anything else is told to the person alone. */
function registerOptOut(
	app: App,
	{ core, person, tr }: EmployeeListeners,
): void {
	app.action<BlockAction>(
		ids.optOut,
		async ({ ack, body, client, respond }) => {
			await ack();
			const { result, language, platformLocale } = await runParticipantAction(
				core,
				{ kind: "opt-out", campaignId: campaignOf(body) },
				person(body.user.id),
			);
			const t = tr(language, platformLocale);
			const channel = body.container?.channel_id ?? body.channel?.id;
			const ts = body.container?.message_ts ?? body.message?.ts;
			if (result.kind === "opted-out" && channel && ts)
				await client.chat.update({
					channel,
					ts,
					text: t.t("result.optedOut"),
					blocks: optedOutBlocks(result.campaign, t),
				});
			// Anything else leaves the invitation as it is and tells only the person why.
			else if (result.kind !== "opted-out")
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: resultText(result, slackDialect, t),
				});
		},
	);
}

/** The answer modal's submission: the reply to Slack, then the invitation becomes the thank-you. */
function registerAnswerSubmission(
	app: App,
	deps: SlackDeps,
	{ core, person, tr }: EmployeeListeners,
): void {
	app.view<ViewSubmitAction>(
		ids.answerModal,
		async ({ ack, body, view, client, context }) => {
			const receivedAt =
				typeof context.receivedAt === "number"
					? context.receivedAt
					: performance.now();
			const { result, afterReply, language, platformLocale } =
				await runParticipantAction(
					core,
					{
						kind: "submit",
						campaignId: view.private_metadata,
						answers: answersOf(view.state.values),
						receivedAt,
					},
					person(body.user.id),
				);
			const t = tr(language, platformLocale);
			await ack(submitReply(result, t));
			if (result.kind === "thanks")
				await replaceInvitation(deps, client, result, t);
			await afterReply?.();
		},
	);
}

/**
 * Registers the invitation buttons, the answer modal and App Home: each parses Slack's payload into an action for
 * the participant core and draws its result. Admins get their own Home, and the report preview's Post button.
 */
export function registerCensusInteractions(app: App, deps: SlackDeps): void {
	const core: ParticipantDeps = {
		service: deps.service,
		admission: deps.admission ?? new AnswerAdmission(),
		logger: deps.logger,
		platform: "slack",
	};
	const person = (userId: string) => (campaign: Campaign) =>
		deps.store.findParticipantByUser(campaign.id, {
			platform: "slack",
			id: userId,
		});
	// The roster's language for the person, else their Slack locale (recorded by the reach check's listing, at no
	// call of its own), else the default.
	const languages = deps.languages ?? englishOnly;
	const tr = (...candidates: (string | null | undefined)[]) =>
		languages.pick(...candidates);

	app.action<BlockAction>(ids.answer, async ({ ack, body, client }) => {
		await ack();
		const { result, language, platformLocale } = await runParticipantAction(
			core,
			{ kind: "open", campaignId: campaignOf(body) },
			person(body.user.id),
		);
		await client.views.open({
			trigger_id: body.trigger_id,
			view: resultModal(result, tr(language, platformLocale)),
		});
	});

	// The privacy notice is a link button: Slack opens the page and still tells the app, which only acknowledges.
	app.action<BlockAction>(ids.privacyNotice, async ({ ack }) => {
		await ack();
	});

	app.action<BlockAction>(ids.trust, async ({ ack, body, client }) => {
		await ack();
		const action = body.actions[0];
		const value = action && "value" in action ? action.value : undefined;
		await client.views.open({
			trigger_id: body.trigger_id,
			view: trustModal(
				tr(languageOfTrustValue(value)),
				minCellOfTrustValue(value),
			),
		});
	});

	const employee: EmployeeListeners = { core, person, tr };
	registerOptOut(app, employee);
	registerAnswerSubmission(app, deps, employee);
	registerPublishAction(app, deps);

	app.event("app_home_opened", async ({ event, client }) => {
		if (event.tab !== "home") return;
		if (await isAdmin(deps, event.user)) {
			// The admin's language (the roster's, else their Slack locale), as their commands are answered in.
			const t = languages.pick(
				...(await deps.store.languagesOfUser({
					platform: "slack",
					id: event.user,
				})),
			);
			await client.views.publish({
				user_id: event.user,
				view: adminHomeView(await loadAdminHome(deps), t),
			});
			return;
		}
		const { result, language, platformLocale } = await runParticipantAction(
			core,
			{ kind: "home" },
			person(event.user),
		);
		await client.views.publish({
			user_id: event.user,
			view: participantHome(result, tr(language, platformLocale)),
		});
	});

	app.error(async (err) => {
		deps.logger.error(
			{ platform: "slack", requestId: randomBytes(4).toString("hex"), err },
			"slack listener failed",
		);
	});
}

/** The invitation, once answered, becomes the neutral thank-you (never the answer); a failure is only logged. */
async function replaceInvitation(
	deps: SlackDeps,
	client: App["client"],
	r: Extract<ParticipantResult, { kind: "thanks" }>,
	t: Translator,
): Promise<void> {
	const { dmChannel, messageTs } = r.participant;
	if (!dmChannel || !messageTs) return;
	const update = {
		channel: dmChannel,
		ts: messageTs,
		text: t.t("result.thanks"),
		blocks: thankYouBlocks(t),
	};
	await (deps.updateMessage
		? deps.updateMessage(JSON.stringify(update))
		: client.chat.update(update)
	).catch((err: unknown) =>
		deps.logger.warn(
			{ campaignId: r.campaign.id, err: err as Error },
			"could not replace the invitation",
		),
	);
}
