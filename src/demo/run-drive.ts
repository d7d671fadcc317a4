import { asCampaignId } from "../domain/ids.js";
import type { QuestionKey } from "../domain/questions/catalogue.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import type { FakeSlackApi } from "../sim/fake-slack-api.js";
import type { SlackUserSimulator } from "../sim/slack-user-simulator.js";
import { waitFor } from "../sim/wait-for.js";
import type { CensusRuntime } from "../start-census.js";
import { modalAnswers } from "./modal-answers.js";
import type { SyntheticEmployee } from "./synthetic-organisation.js";

/** Progress of a drive, for the CLI's progress output. */
export type DriveProgress = (
	stage: "invite" | "answer",
	done: number,
	total: number,
) => void;

/** What a simulated drive did. */
export type DriveResult = {
	report: CampaignReport;
	invitations: number;
	answered: number;
	optedOut: number;
	statusText: string;
};

async function inBatches<T>(
	items: readonly T[],
	size: number,
	fn: (item: T) => Promise<void>,
	onDone: (n: number) => void,
) {
	let done = 0;
	for (let i = 0; i < items.length; i += size) {
		await Promise.all(items.slice(i, i + size).map(fn));
		done += Math.min(size, items.length - i);
		onDone(done);
	}
}

function responseText(
	fake: FakeSlackApi,
	url: string | undefined,
): string | undefined {
	const body = fake.responses.find((r) => r.url === url)?.body as
		| { text?: string }
		| undefined;
	return body?.text;
}

/**
 * Runs a whole census drive against a running census bot, as real people would through Slack:
 * the admin starts it with `/census start`, everyone gets a DM, people answer through the modal
 * or opt out, the admin checks status and closes it. Returns the published report.
 */
export async function runDrive(opts: {
	runtime: CensusRuntime;
	fake: FakeSlackApi;
	sim: SlackUserSimulator;
	people: readonly SyntheticEmployee[];
	adminId: string;
	questions: readonly QuestionKey[];
	closesOn: string;
	onProgress?: DriveProgress;
}): Promise<DriveResult> {
	const { fake, sim, people, adminId } = opts;
	const progress = opts.onProgress ?? (() => undefined);
	const started = await sim.slashCommand(
		adminId,
		"/census",
		`start name="Demo census" closes=${opts.closesOn} channel=#leadership target=70 questions=${opts.questions.join(",")}`,
	);
	if (started.status !== 200)
		throw new Error(`/census start answered HTTP ${started.status}`);
	const startText = await waitFor(
		() => responseText(fake, started.responseUrl),
		30_000,
		"the reply to /census start",
	);
	if (!startText.includes("is open"))
		throw new Error(`/census start was refused: ${startText}`);

	let lastInvited = -1;
	await waitFor(
		() => {
			const invited = people.filter(
				(p) => fake.messagesTo(p.slackUserId).length > 0,
			).length;
			if (invited !== lastInvited) progress("invite", invited, people.length);
			lastInvited = invited;
			return invited === people.length ? true : undefined;
		},
		120_000,
		"every invitation to be delivered",
	);

	let answered = 0;
	let optedOut = 0;
	await inBatches(
		people,
		8,
		async (p) => {
			const dm = fake.messagesTo(p.slackUserId)[0];
			if (!dm || p.behaviour === "ignores") return;
			if (p.behaviour === "opts-out") {
				await sim.clickButton({
					userId: p.slackUserId,
					actionId: "census_optout",
					channel: dm.channel,
					messageTs: dm.ts,
				});
				await waitFor(
					() =>
						fake.findMessage(dm.channel, dm.ts)?.updates ? true : undefined,
					10_000,
					"the opt-out reply",
				);
				optedOut += 1;
				return;
			}
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
			const values = modalAnswers(p.answers, opts.questions);
			const submitted = await sim.submitView({
				userId: p.slackUserId,
				view,
				values,
			});
			if (submitted.status !== 200)
				throw new Error(`answer submission answered HTTP ${submitted.status}`);
			answered += 1;
		},
		(n) => progress("answer", n, people.length),
	);

	const status = await sim.slashCommand(adminId, "/census", "status");
	const statusText = await waitFor(
		() => responseText(fake, status.responseUrl),
		30_000,
		"the reply to /census status",
	);
	const closed = await sim.slashCommand(adminId, "/census", "close");
	const closeText = await waitFor(
		() => responseText(fake, closed.responseUrl),
		60_000,
		"the reply to /census close",
	);
	if (!closeText.includes("is closed"))
		throw new Error(`/census close failed: ${closeText}`);
	// The admin reads the private preview, then posts it to the leadership channel.
	await waitFor(
		() =>
			fake.responses.some(
				(r) =>
					r.url === closed.responseUrl &&
					Array.isArray((r.body as { blocks?: unknown[] }).blocks),
			) || undefined,
		30_000,
		"the report preview",
	);
	if (!closed.responseUrl) throw new Error("/census close had no response_url");
	const publish = await sim.clickResponseButton({
		userId: adminId,
		responseUrl: closed.responseUrl,
		actionId: "census_publish",
	});
	const posted = await waitFor(
		() => responseText(fake, publish.responseUrl),
		60_000,
		"the reply to posting the report",
	);
	if (!posted.startsWith("Posted to"))
		throw new Error(`posting the report failed: ${posted}`);
	const campaignId = (
		await opts.runtime.prisma.campaign.findFirst({
			orderBy: { createdAt: "desc" },
			select: { id: true },
		})
	)?.id;
	const report = campaignId
		? await opts.runtime.store.findReport(asCampaignId(campaignId))
		: null;
	if (!report) throw new Error("the closed campaign has no report");
	const invitations = people.filter(
		(p) => fake.messagesTo(p.slackUserId).length > 0,
	).length;
	return { report, invitations, answered, optedOut, statusText };
}
