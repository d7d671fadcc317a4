import { asCampaignId } from "../domain/ids.js";
import type { QuestionKey } from "../domain/questions/catalogue.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";
import { waitFor } from "../sim/wait-for.js";
import type { CensusRuntime } from "../start-census.js";
import type { AdminConsole, EmployeeSide } from "./drive-parts.js";
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
	/** People who were told "busy" every time they sent, and gave up: not counted as answered. */
	unanswered: number;
	optedOut: number;
	statusText: string;
};

/** How often a simulated person sends their answer before giving up, when the bot says it is busy. */
const sendAttempts = 3;

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

/**
 * Runs a whole census drive against a running census bot, as real people would: the admin starts it, everyone
 * gets a private invitation on the platform the roster gives them (Slack or Teams), people answer or opt out, the
 * admin checks status, closes it and posts the report. One campaign, whatever mix of platforms. Returns the report.
 */
export async function runDrive(opts: {
	/** Where the closed campaign's stored report is read (any process's database access will do). */
	runtime: Pick<CensusRuntime, "prisma" | "store">;
	admin: AdminConsole;
	/** How each platform's employees answer. */
	employees: Partial<Record<SyntheticEmployee["platform"], EmployeeSide>>;
	people: readonly SyntheticEmployee[];
	questions: readonly QuestionKey[];
	closesOn: string;
	onProgress?: DriveProgress;
}): Promise<DriveResult> {
	const { admin, people } = opts;
	const progress = opts.onProgress ?? (() => undefined);
	const sideOf = (p: SyntheticEmployee): EmployeeSide => {
		const side = opts.employees[p.platform];
		if (!side) throw new Error(`no ${p.platform} employees in this drive`);
		return side;
	};
	const startText = await admin.start(
		`name="Demo census" closes=${opts.closesOn} channel=${admin.channel} target=70 questions=${opts.questions.join(",")} runby="People team" contact=#census-help message="We want everyone to have the same chance to get on here. Your answer shows us where to start."`,
	);
	if (!startText.includes("is open"))
		throw new Error(`census start was refused: ${startText}`);

	let lastInvited = -1;
	const invitedCount = () => people.filter((p) => sideOf(p).invited(p)).length;
	await waitFor(
		() => {
			const invited = invitedCount();
			if (invited !== lastInvited) progress("invite", invited, people.length);
			lastInvited = invited;
			return invited === people.length ? true : undefined;
		},
		120_000,
		"every invitation to be delivered",
	);

	let answered = 0;
	/** People the bot kept asking to send again (busy), who gave up. */
	let unanswered = 0;
	let optedOut = 0;
	await inBatches(
		people,
		8,
		async (p) => {
			const side = sideOf(p);
			if (!side.invited(p) || p.behaviour === "ignores") return;
			if (p.behaviour === "opts-out") {
				await side.optOut(p);
				optedOut += 1;
				return;
			}
			// As a person would: send again when the bot says it is busy, a few times, a second apart.
			for (let attempt = 1; attempt <= sendAttempts; attempt++) {
				if (await side.answer(p, p.answers, opts.questions)) {
					answered += 1;
					return;
				}
				await new Promise((r) => setTimeout(r, 1000));
			}
			unanswered += 1;
		},
		(n) => progress("answer", n, people.length),
	);

	const statusText = await admin.status();
	const closeText = await admin.close();
	if (!closeText.includes("is closed"))
		throw new Error(`census close failed: ${closeText}`);
	const posted = await admin.publish();
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
	return {
		report,
		invitations: invitedCount(),
		answered,
		unanswered,
		optedOut,
		statusText,
	};
}
