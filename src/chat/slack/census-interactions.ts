import { randomBytes } from "node:crypto";
import type { App, BlockAction, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import type { QuestionKey } from "../../domain/questions/catalogue.js";
import { slackDialect } from "../admin/dialect.js";
import { AnswerAdmission } from "../answer-admission.js";
import { notInvitedText, text } from "../messages.js";
import { adminHomeView } from "./admin-home.js";
import {
	escapeMrkdwn,
	homeView,
	ids,
	messageModal,
	optedOutBlocks,
	questionModal,
	thankYouBlocks,
	trustModal,
} from "./blocks.js";
import { isAdmin } from "./is-admin.js";
import { loadAdminHome, publishReport } from "./publish-report.js";
import { reportPreviewBlocks } from "./report-blocks.js";
import type { SlackDeps } from "./slack-deps.js";

/** The part of a modal submission we depend on: each question's chosen option id. */
const submittedValuesSchema = z.record(
	z.string().regex(/^q_[a-z_]+$/),
	z.object({
		choice: z.object({
			selected_option: z.object({ value: z.string().max(150) }).nullish(),
		}),
	}),
);

/** Registers the invitation buttons, the answer modal and App Home. */
export function registerCensusInteractions(app: App, deps: SlackDeps): void {
	const admission = deps.admission ?? new AnswerAdmission();
	/** The modal stays open with the person's choices, to be sent again. */
	const busy = {
		response_action: "errors",
		errors: { q_key: text.busy },
	} as const;
	app.action<BlockAction>(ids.answer, async ({ ack, body, client }) => {
		await ack();
		const campaign = await deps.service.currentCampaign();
		const view = await (async () => {
			if (campaign?.status !== "open")
				return messageModal("Background census", text.closed);
			const p = await deps.store.findParticipantBySlackUser(
				campaign.id,
				body.user.id,
			);
			if (!p)
				return messageModal(
					"Background census",
					notInvitedText(campaign.organiser, slackDialect),
				);
			if (p.status === "responded")
				return messageModal("Background census", text.alreadyAnswered);
			return questionModal(campaign);
		})();
		await client.views.open({ trigger_id: body.trigger_id, view });
	});

	app.action<BlockAction>(ids.trust, async ({ ack, body, client }) => {
		await ack();
		await client.views.open({
			trigger_id: body.trigger_id,
			view: trustModal(),
		});
	});

	// The privacy notice is a link button: Slack opens the page and still tells the app, which only acknowledges.
	app.action<BlockAction>(ids.privacyNotice, async ({ ack }) => {
		await ack();
	});

	app.action<BlockAction>(ids.optOut, async ({ ack, body, client }) => {
		await ack();
		const campaign = await deps.service.currentCampaign();
		if (!campaign) return;
		const p = await deps.store.findParticipantBySlackUser(
			campaign.id,
			body.user.id,
		);
		if (!p || p.status === "responded") return;
		await deps.service.optOut(campaign.id, p.employeeId);
		const channel = body.container?.channel_id ?? body.channel?.id;
		const ts = body.container?.message_ts ?? body.message?.ts;
		if (channel && ts)
			await client.chat.update({
				channel,
				ts,
				text: text.optedOut,
				blocks: optedOutBlocks(),
			});
	});

	app.view<ViewSubmitAction>(
		ids.answerModal,
		async ({ ack, body, view, client, context }) => {
			// Under overload, "busy, send it again" before anything is sealed or written: never an answer stored
			// while Slack's 3-second timeout shows the person an error.
			const receivedAt =
				typeof context.receivedAt === "number"
					? context.receivedAt
					: performance.now();
			const ticket = admission.enter(receivedAt);
			if (!ticket) return void (await ack(busy));
			let outcome: Awaited<ReturnType<typeof deps.service.answer>>;
			let campaign: Awaited<ReturnType<typeof deps.service.campaignForAnswer>>;
			let p: Awaited<ReturnType<typeof deps.store.findParticipantBySlackUser>>;
			try {
				// Nothing is recorded unless the one transaction commits; when storage cannot be reached, say so,
				// with a reference, rather than leave Slack to show a generic failure.
				const unavailable = async (err: unknown) => {
					const ref = randomBytes(4).toString("hex");
					deps.logger.error(
						{ requestId: ref, err: err as Error },
						"answer could not be recorded",
					);
					await ack({
						response_action: "update",
						view: messageModal("Background census", text.error(ref)),
					});
				};
				const values = submittedValuesSchema.safeParse(view.state.values);
				try {
					campaign = await deps.service.campaignForAnswer(
						view.private_metadata,
					);
				} catch (err) {
					return void (await unavailable(err));
				}
				if (!values.success) {
					return void (await ack({
						response_action: "errors",
						errors: { q_key: text.invalidAnswer },
					}));
				}
				if (!campaign) {
					return void (await ack({
						response_action: "update",
						view: messageModal("Background census", text.closed),
					}));
				}
				if (campaign.status !== "open") {
					return void (await ack({
						response_action: "update",
						view: messageModal("Background census", text.closed),
					}));
				}
				try {
					p = await deps.store.findParticipantBySlackUser(
						campaign.id,
						body.user.id,
					);
				} catch (err) {
					return void (await unavailable(err));
				}
				if (!p)
					return void (await ack({
						response_action: "update",
						view: messageModal(
							"Background census",
							notInvitedText(campaign.organiser, slackDialect),
						),
					}));
				const answers: Partial<Record<QuestionKey, string>> = {};
				for (const [blockId, v] of Object.entries(values.data)) {
					const choice = v.choice.selected_option?.value;
					if (choice) answers[blockId.slice(2) as QuestionKey] = choice;
				}
				if (!ticket.inTime()) return void (await ack(busy));
				try {
					outcome = await deps.service.answer(campaign, p, answers);
				} catch (err) {
					return void (await unavailable(err));
				}
				if (outcome === "invalid") {
					return void (await ack({
						response_action: "errors",
						errors: { q_key: text.invalidAnswer },
					}));
				}
				const message = {
					recorded: text.thanks,
					"already-responded": text.alreadyAnswered,
					"not-invited": notInvitedText(campaign.organiser, slackDialect),
					"campaign-closed": text.closed,
				}[outcome];
				await ack({
					response_action: "update",
					view: messageModal("Background census", message),
				});
			} finally {
				ticket.release();
			}
			if (outcome === "recorded" && p.dmChannel && p.messageTs) {
				const update = {
					channel: p.dmChannel,
					ts: p.messageTs,
					text: text.thanks,
					blocks: thankYouBlocks(),
				};
				await (deps.updateMessage
					? deps.updateMessage(JSON.stringify(update))
					: client.chat.update(update)
				).catch((err: unknown) =>
					deps.logger.warn(
						{ campaignId: campaign.id, err: err as Error },
						"could not replace the invitation",
					),
				);
			}
			if (outcome === "recorded") {
				await deps.service
					.settlePool(campaign)
					.catch((err: unknown) =>
						deps.logger.error(
							{ campaignId: campaign.id, err: err as Error },
							"pool shuffle failed; the next answer retries it",
						),
					);
			}
		},
	);

	app.action<BlockAction>(
		ids.publish,
		async ({ ack, body, client, respond }) => {
			await ack();
			const action = body.actions[0];
			const campaignId = action && "value" in action ? action.value : undefined;
			if (!(await isAdmin(deps, body.user.id))) {
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: text.notAdmin,
				});
				return;
			}
			let outcome: Awaited<ReturnType<typeof publishReport>>;
			try {
				outcome = campaignId
					? await publishReport(deps, client, campaignId)
					: { ok: false, reason: "not-found" };
			} catch (err) {
				const ref = randomBytes(4).toString("hex");
				deps.logger.error(
					{ command: "publish", requestId: ref, err: err as Error },
					"posting the report failed",
				);
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: text.error(ref),
				});
				return;
			}
			if (!outcome.ok) {
				await respond({
					response_type: "ephemeral",
					replace_original: false,
					text: "That campaign has no report to post. `/census results` shows the latest one.",
				});
				return;
			}
			if (body.container?.type === "view") {
				await client.views.publish({
					user_id: body.user.id,
					view: adminHomeView(await loadAdminHome(deps)),
				});
				return;
			}
			const found = await deps.service.report(campaignId);
			await respond({
				response_type: "ephemeral",
				replace_original: true,
				text: `Posted to ${escapeMrkdwn(outcome.channel)}.`,
				...(found
					? {
							blocks: reportPreviewBlocks(found.report, {
								channel: outcome.channel,
								publishedOn: outcome.publishedOn,
							}),
						}
					: {}),
			});
		},
	);

	app.event("app_home_opened", async ({ event, client }) => {
		if (event.tab !== "home") return;
		if (await isAdmin(deps, event.user)) {
			await client.views.publish({
				user_id: event.user,
				view: adminHomeView(await loadAdminHome(deps)),
			});
			return;
		}
		const campaign = await deps.service.currentCampaign();
		const p = campaign
			? await deps.store.findParticipantBySlackUser(campaign.id, event.user)
			: null;
		await client.views.publish({
			user_id: event.user,
			view: homeView({
				campaign: campaign?.status === "open" ? campaign : null,
				status: p?.status ?? null,
			}),
		});
	});

	app.error(async (err) => {
		deps.logger.error(
			{ platform: "slack", requestId: randomBytes(4).toString("hex"), err },
			"slack listener failed",
		);
	});
}
