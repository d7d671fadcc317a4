import { type AdaptiveCard, verbs } from "../chat/teams/cards/adaptive-card.js";
import type { QuestionKey } from "../domain/questions/catalogue.js";
import {
	type FakeBotConnector,
	personalConversationId,
} from "../sim/fake-bot-connector.js";
import type { ConnectorCall } from "../sim/fake-bot-connector-types.js";
import {
	personalMessage,
	type TeamsActivityContext,
	type TeamsTestUser,
} from "../sim/teams-activities.js";
import type { TeamsActivitySender } from "../sim/teams-activity-sender.js";
import { cardButton, TeamsUserSimulator } from "../sim/teams-user-simulator.js";
import { waitFor } from "../sim/wait-for.js";
import type { AdminConsole, EmployeeSide } from "./drive-parts.js";
import type { SyntheticEmployee } from "./synthetic-organisation.js";

/** How Teams names a synthetic employee to the bot: a bot-scoped id and their Entra object id (the roster's). */
export function teamsUserOf(p: SyntheticEmployee): TeamsTestUser {
	return {
		id: `29:${p.teamsUserId.replaceAll("-", "")}`,
		aadObjectId: p.teamsUserId,
		name: p.email.split("@")[0] ?? "someone",
	};
}

/** The Adaptive Card an activity the bot sent carries, if any. */
export function cardIn(call: ConnectorCall): AdaptiveCard | undefined {
	const attachments = call.body.attachments as
		| { content?: AdaptiveCard }[]
		| undefined;
	return attachments?.[0]?.content;
}

/** The card's `Action.Execute` with this verb, also behind an `Action.ShowCard` (a confirmation step). */
function findExecute(
	card: AdaptiveCard,
	verb: string,
): ReturnType<typeof cardButton> {
	const direct = cardButton(card, verb);
	if (direct) return direct;
	for (const action of card.actions ?? []) {
		const inner = (action as { type?: string; card?: AdaptiveCard }).card;
		if ((action as { type?: string }).type === "Action.ShowCard" && inner) {
			const found = findExecute(inner, verb);
			if (found) return found;
		}
	}
	return undefined;
}

/** What a reply says: its text, or its card's fallback text. */
function replyText(call: ConnectorCall): string {
	return String(call.body.text ?? cardIn(call)?.fallbackText ?? "");
}

/** What ends a start told after its turn: the census is open, or why not. */
const startOutcome =
	/is open until|^Can't start|is already open|is being opened|roster is empty|something went wrong/;
/** What ends a close told after its turn: the preview card, or why it did not close. */
const closeRefusal =
	/was not closed|was not tallied|is waiting to be closed|Nothing to close|something went wrong/;

/**
 * The admin typing `census …` in the bot's personal chat in Teams. The bot replies within the turn; `start` and
 * `close` say there that they have begun and tell their outcome proactively into the same chat once done, so those
 * wait for it. Each command's replies are the connector calls into the admin's chat from its post to its outcome.
 */
export function teamsAdminConsole(opts: {
	connector: FakeBotConnector;
	sender: TeamsActivitySender;
	ctx: TeamsActivityContext;
	admin: TeamsTestUser;
	channel: string;
	/** How long a start or close may take after its turn (default 2 minutes). */
	outcomeTimeoutMs?: number;
}): AdminConsole {
	const { connector, sender, ctx, admin } = opts;
	const conversation = personalConversationId(admin.id);
	let preview: AdaptiveCard | undefined;
	const command = async (
		text: string,
		done: (calls: ConnectorCall[]) => boolean = () => true,
	): Promise<ConnectorCall[]> => {
		const before = connector.calls.length;
		const answer = await sender.post(personalMessage(ctx, admin, text));
		if (answer.status !== 200)
			throw new Error(
				`census ${text.split(" ")[0]} answered HTTP ${answer.status}`,
			);
		const mine = () =>
			connector.calls
				.slice(before)
				.filter(
					(c) =>
						(c.kind === "reply" || c.kind === "send") &&
						c.status < 300 &&
						c.conversationId === conversation,
				);
		await waitFor(
			() => (done(mine()) ? true : undefined),
			opts.outcomeTimeoutMs ?? 120_000,
			`the outcome of census ${text.split(" ")[0]}`,
		);
		return mine();
	};
	const texts = (calls: ConnectorCall[]) => calls.map(replyText).join("\n");
	return {
		channel: opts.channel,
		start: async (args) =>
			texts(
				await command(`census start ${args}`, (calls) =>
					calls.some((c) => startOutcome.test(replyText(c))),
				),
			),
		status: async () => texts(await command("census status")),
		async close() {
			const replies = await command("census close", (calls) =>
				calls.some((c) => {
					const card = cardIn(c);
					return (
						(card !== undefined && findExecute(card, verbs.publish)) ||
						closeRefusal.test(replyText(c))
					);
				}),
			);
			preview = replies
				.map(cardIn)
				.find((c) => c && findExecute(c, verbs.publish));
			return texts(replies);
		},
		async publish() {
			const card = preview;
			const button = card && findExecute(card, verbs.publish);
			if (!button) throw new Error("census close showed no report preview");
			const reply = await new TeamsUserSimulator({
				sender,
				ctx,
				user: admin,
			}).execute(button.verb, button.data);
			const said = JSON.stringify(reply.card?.body ?? reply.error ?? "");
			const posted = /Posted to [^"]*?\./.exec(said)?.[0];
			return posted ?? `posting failed: ${said.slice(0, 300)}`;
		},
	};
}

/** Employees in Teams: the invitation card's buttons, and the question card they get back. */
export function teamsEmployees(opts: {
	connector: FakeBotConnector;
	sender: TeamsActivitySender;
	ctx: TeamsActivityContext;
}): EmployeeSide {
	const { connector, sender, ctx } = opts;
	const invitationOf = (p: SyntheticEmployee) => {
		// Created from the roster's Entra id, or the one captured when they last wrote to the bot.
		const theirs = new Set([
			personalConversationId(p.teamsUserId),
			personalConversationId(teamsUserOf(p).id),
		]);
		// The admin's own chat also carries the outcomes of their commands: the invitation is the card with Answer.
		for (const call of connector.delivered("send")) {
			if (!theirs.has(call.conversationId ?? "")) continue;
			const card = cardIn(call);
			const answer = card && cardButton(card, verbs.answer);
			if (answer) return answer;
		}
		return undefined;
	};
	const simulator = (p: SyntheticEmployee) =>
		new TeamsUserSimulator({ sender, ctx, user: teamsUserOf(p) });
	const campaignOf = (p: SyntheticEmployee) => {
		const campaignId = invitationOf(p)?.data.campaignId;
		if (typeof campaignId !== "string")
			throw new Error(`${p.email} has no invitation card`);
		return campaignId;
	};
	return {
		invited: (p) => invitationOf(p) !== undefined,
		async answer(p, answers: Partial<Record<QuestionKey, string>>, _questions) {
			const sim = simulator(p);
			const opened = await sim.openInvitation(campaignOf(p));
			if (!opened.card) throw new Error(`Answer gave ${opened.status}`);
			const sent = await sim.submit(opened.card, (q) => {
				const wanted = answers[q.inputId.replace(/^q_/, "") as QuestionKey];
				return q.options.some((o) => o.value === wanted) ? wanted : undefined;
			});
			if (sent.status !== 200 || !sent.card)
				throw new Error(`Send answered HTTP ${sent.status}`);
			// The thank-you card replaces the question card; busy, the question card comes back asking to send again.
			return cardButton(sent.card, verbs.submit) === undefined;
		},
		async optOut(p) {
			const reply = await simulator(p).optOut(campaignOf(p));
			if (reply.status !== 200 || !reply.card)
				throw new Error(`Don't remind me answered HTTP ${reply.status}`);
		},
	};
}
