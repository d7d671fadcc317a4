import { randomBytes } from "node:crypto";
import type { ChannelAccount } from "botbuilder";
import { z } from "zod";
import { english, type Translator } from "../../text/translator.js";
import type { AdminDeps } from "../admin/admin-deps.js";
import { teamsDialect as d } from "../admin/dialect.js";
import { publishReport, type ReportPoster } from "../admin/publish-report.js";
import { type AdaptiveCard, escapeMarkdown } from "./cards/adaptive-card.js";
import { messageCard } from "./cards/message-card.js";
import { reportPreviewCard } from "./cards/report-card.js";
import { isTeamsAdmin } from "./is-teams-admin.js";

/** What the preview's "Post" button needs. */
export type TeamsPublishDeps = Pick<
	AdminDeps,
	"service" | "store" | "admins" | "logger"
> & { postReport: ReportPoster };

const publishDataSchema = z.object({ campaignId: z.string().min(1).max(100) });

/**
 * The `census_publish` Action.Execute of the report preview: posts the closed campaign's report to its channel
 * and answers with the card that replaces the preview, for the admin who clicked. Refuses non-admins. A failure
 * is logged with a reference and answered with the error text; nothing is marked as posted.
 */
export async function teamsPublishAction(
	deps: TeamsPublishDeps,
	from: Pick<ChannelAccount, "id" | "aadObjectId">,
	data: unknown,
	t: Translator = english,
): Promise<AdaptiveCard> {
	if (!(await isTeamsAdmin(deps, from)))
		return messageCard(t.t("result.notAdmin"));
	const parsed = publishDataSchema.safeParse(data);
	const missing = messageCard(
		t.t("publish.noReport", { command: d.code(d.command("results")) }),
	);
	if (!parsed.success) return missing;
	try {
		const outcome = await publishReport(
			deps.service,
			deps.postReport,
			parsed.data.campaignId,
		);
		if (!outcome.ok) return missing;
		const found = await deps.service.report(parsed.data.campaignId);
		return found
			? reportPreviewCard(
					found.report,
					{ channel: outcome.channel, publishedOn: outcome.publishedOn },
					t,
				)
			: messageCard(
					t.t("publish.posted", { channel: escapeMarkdown(outcome.channel) }),
				);
	} catch (err) {
		const ref = randomBytes(4).toString("hex");
		deps.logger.error(
			{ platform: "teams", command: "publish", requestId: ref, err },
			"posting the report failed",
		);
		return messageCard(t.t("result.error", { ref }));
	}
}
