import type { FakeSlackApi } from "../sim/fake-slack-api.js";
import type { SlackUserSimulator } from "../sim/slack-user-simulator.js";
import { waitFor } from "../sim/wait-for.js";
import type { AdminConsole, EmployeeSide } from "./drive-parts.js";
import { modalAnswers } from "./modal-answers.js";

function responseText(
	fake: FakeSlackApi,
	url: string | undefined,
): string | undefined {
	const body = fake.responses.find((r) => r.url === url)?.body as
		| { text?: string }
		| undefined;
	return body?.text;
}

/** The admin running `/census …` in Slack; replies are read from the fake workspace's response URLs. */
export function slackAdminConsole(
	fake: FakeSlackApi,
	sim: SlackUserSimulator,
	adminId: string,
	channel = "#leadership",
): AdminConsole {
	let closedResponseUrl: string | undefined;
	const command = async (text: string, timeoutMs = 30_000) => {
		const sent = await sim.slashCommand(adminId, "/census", text);
		if (sent.status !== 200)
			throw new Error(
				`/census ${text.split(" ")[0]} answered HTTP ${sent.status}`,
			);
		const reply = await waitFor(
			() => responseText(fake, sent.responseUrl),
			timeoutMs,
			`the reply to /census ${text.split(" ")[0]}`,
		);
		return { reply, responseUrl: sent.responseUrl };
	};
	return {
		channel,
		start: async (args) => (await command(`start ${args}`)).reply,
		status: async () => (await command("status")).reply,
		async close() {
			const { reply, responseUrl } = await command("close", 60_000);
			closedResponseUrl = responseUrl;
			return reply;
		},
		async publish() {
			const url = closedResponseUrl;
			if (!url) throw new Error("/census close had no response_url");
			// The admin reads the private preview, then posts it to the leadership channel.
			await waitFor(
				() =>
					fake.responses.some(
						(r) =>
							r.url === url &&
							Array.isArray((r.body as { blocks?: unknown[] }).blocks),
					) || undefined,
				30_000,
				"the report preview",
			);
			const publish = await sim.clickResponseButton({
				userId: adminId,
				responseUrl: url,
				actionId: "census_publish",
			});
			return waitFor(
				() => responseText(fake, publish.responseUrl),
				60_000,
				"the reply to posting the report",
			);
		},
	};
}

/** Employees in Slack: the invitation DM's buttons and the answer modal. */
export function slackEmployees(
	fake: FakeSlackApi,
	sim: SlackUserSimulator,
): EmployeeSide {
	return {
		invited: (p) => fake.messagesTo(p.slackUserId).length > 0,
		async answer(p, answers, questions) {
			const dm = fake.messagesTo(p.slackUserId)[0];
			if (!dm) throw new Error(`${p.email} has no invitation`);
			await sim.clickButton({
				userId: p.slackUserId,
				actionId: "census_answer",
				channel: dm.channel,
				messageTs: dm.ts,
			});
			const view = await waitFor(
				() => fake.openedViews(p.slackUserId).at(-1),
				10_000,
				"the answer modal",
			);
			const submitted = await sim.submitView({
				userId: p.slackUserId,
				view,
				values: modalAnswers(answers, questions),
			});
			if (submitted.status !== 200)
				throw new Error(`answer submission answered HTTP ${submitted.status}`);
			// A busy (or refused) answer comes back as the modal's error, and the person is asked to send again.
			return (
				(submitted.json as { response_action?: string } | undefined)
					?.response_action !== "errors"
			);
		},
		async optOut(p) {
			const dm = fake.messagesTo(p.slackUserId)[0];
			if (!dm) throw new Error(`${p.email} has no invitation`);
			await sim.clickButton({
				userId: p.slackUserId,
				actionId: "census_optout",
				channel: dm.channel,
				messageTs: dm.ts,
			});
			await waitFor(
				() => (fake.findMessage(dm.channel, dm.ts)?.updates ? true : undefined),
				10_000,
				"the opt-out reply",
			);
		},
	};
}
