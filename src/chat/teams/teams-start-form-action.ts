import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import { z } from "zod";
import {
	type StartField,
	startFields,
} from "../../domain/campaigns/parse-start-arguments.js";
import type { Translator } from "../../text/translator.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import { teamsDialect } from "../admin/dialect.js";
import type { AfterTurn } from "../admin/long-command.js";
import { startCampaign } from "../admin/start-command.js";
import { readStartForm } from "../admin/start-form.js";
import {
	type AdaptiveCard,
	adaptiveCardType,
	verbs,
} from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { startFormCard } from "./cards/start-form-card.js";
import { teamsChannelOf } from "./conversation-place.js";
import { isTeamsAdmin } from "./is-teams-admin.js";
import { teamsAdminReplies } from "./teams-admin-replies.js";

/** An `Action.Execute`'s data: the inputs' values (Teams sends text; a number input may arrive as a number). */
const dataSchema = z.record(z.string(), z.unknown());

/** The form's inputs as typed, by setting; anything else in the data is ignored. */
function valuesOf(data: unknown): Partial<Record<StartField, string>> {
	const parsed = dataSchema.safeParse(data);
	const values: Partial<Record<StartField, string>> = {};
	if (!parsed.success) return values;
	for (const field of startFields) {
		const v = parsed.data[field];
		if (typeof v === "string") values[field] = v;
		else if (typeof v === "number" && Number.isFinite(v))
			values[field] = String(v);
	}
	return values;
}

const cardResponse = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({
	statusCode: 200,
	type: adaptiveCardType,
	value: card,
});

/**
 * The start form's buttons (`census_start`, `census_start_preview`), for admins only: checked on every click, since
 * anyone in a channel can see the card. "Update preview" redraws the card with the invitation the settings give; a
 * submission with a problem redraws it with each problem under its input; a valid one starts the census exactly
 * as `census start …` does, its replies sent in this conversation (after the turn, proactively, with `afterTurn`),
 * and the card then says so. Everything is in `t`, the admin's language (their Teams client's locale).
 */
export async function teamsStartFormAction(
	deps: AdminDeps,
	context: TurnContext,
	verb: string,
	data: unknown,
	t: Translator,
	afterTurn?: AfterTurn,
): Promise<AdaptiveCardInvokeResponse> {
	const { from, conversation } = context.activity;
	if (!(await isTeamsAdmin(deps, from)))
		return cardResponse(messageCard(t.t("result.notAdmin")));
	const channel = teamsChannelOf(context.activity);
	const ctx = {
		userId: from.aadObjectId ?? from.id,
		t,
		...(channel ? { defaultChannel: channel } : {}),
		...(afterTurn ? { afterTurn } : {}),
	};
	const reading = readStartForm(deps, valuesOf(data), ctx);
	if (verb === verbs.startPreview || !reading.ok)
		return cardResponse(startFormCard(reading.form));
	await startCampaign(
		deps,
		teamsDialect,
		teamsAdminReplies((a) => context.sendActivity(a), {
			personal: conversation.conversationType === "personal",
		}),
		reading.args,
		ctx,
	);
	return cardResponse(
		messageCard(
			t.t("startForm.sent", {
				campaign: teamsDialect.bold(teamsDialect.escape(reading.args.name)),
			}),
		),
	);
}
