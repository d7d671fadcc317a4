import { randomBytes } from "node:crypto";
import type { Config } from "../../src/config.js";
import { generateOrganisation } from "../../src/demo/synthetic-organisation.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";
import { createLogger } from "../../src/logger.js";
import {
	FakeBotConnector,
	personalConversationId,
} from "../../src/sim/fake-bot-connector.js";
import { personalMessage } from "../../src/sim/teams-activities.js";
import { TeamsActivitySender } from "../../src/sim/teams-activity-sender.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { startCensus } from "../../src/start-census.js";
import { pgPoolOf } from "../../src/storage/prisma-client.js";
import { dropRedisPrefix } from "./drop-redis-prefix.js";
import { seedEmployees } from "./seed-employees.js";

/** What one Teams start measured. */
export type TeamsStart = {
	people: number;
	/** From posting `census start` to the endpoint's HTTP answer (the turn, with its "Starting…" reply). */
	turnSeconds: number;
	/** From posting to the proactive "is open" message in the admin's chat. */
	completionSeconds: number;
};

const seedChunk = 50_000;

/**
 * Bench h: `census start` typed by an admin in Teams, through the endpoint (token checked, botbuilder, the admin
 * core) against the fake Bot Connector in this process, with `people` on the roster: how long the turn takes, and
 * how long until the outcome arrives proactively.
 */
export async function benchTeamsStart(opts: {
	base: Config;
	databaseUrl: string;
	people: number;
	/** Called once the roster is seeded, just before the start is typed (the caller restarts its memory meter). */
	seeded?: () => void;
}): Promise<TeamsStart> {
	const token = "bench-outbound";
	const connector = await FakeBotConnector.start({ acceptToken: token });
	const appId = "00000000-0000-4000-8000-00000000be7d";
	const tenantId = "00000000-0000-4000-8000-0000000070bf";
	const admin = {
		id: "29:bench-admin",
		aadObjectId: "00000000-0000-4000-8000-0000000adb01",
		name: "Admin",
	};
	const custody = ephemeralCustody();
	const runtime = await startCensus(
		{
			...opts.base,
			port: 0,
			databaseUrl: opts.databaseUrl,
			slack: undefined,
			teams: {
				mode: "authenticated",
				appId,
				appPassword: "unused",
				tenantId,
				openIdMetadataUrl: connector.openIdMetadataUrl,
				serviceUrl: connector.serviceUrl,
				messagesPerSecond: 50,
			},
			admins: [admin.aadObjectId],
			sealingSecret: custody.sealingSecret,
			tallyKey: { inline: custody.tallyKeyText },
		},
		{
			roles: ["web", "tally"],
			host: "127.0.0.1",
			redisPrefix: `census-bench-${randomBytes(4).toString("hex")}`,
			logger: createLogger("warn", process.stderr),
			settings: { ...opts.base.privacy, workingHours: "00:00-24:00,mon-sun" },
			teamsOutboundToken: async () => token,
		},
	);
	try {
		const sql = pgPoolOf(runtime.prisma);
		for (let i = 0; i < opts.people; i += seedChunk) {
			const people = generateOrganisation(
				Math.min(seedChunk, opts.people - i),
				5 + i,
				"teams",
			).map((p, j) => ({
				...p,
				email: `${i + j}.${p.email}`,
				teamsUserId: `00000000-0000-4000-8000-${String(i + j).padStart(12, "0")}`,
			}));
			await seedEmployees(sql, people, "teams");
		}
		const sender = new TeamsActivitySender({
			messagesUrl: `${runtime.url}/api/messages`,
			appId,
			signer: connector.signer,
		});
		const chat = personalConversationId(admin.id);
		opts.seeded?.();
		const t0 = performance.now();
		const answer = await sender.post(
			personalMessage(
				{ serviceUrl: connector.serviceUrl, tenantId, appId },
				admin,
				'census start name="Teams start bench" closes=2099-01-01 channel=19:bench@thread.tacv2',
			),
		);
		const turnSeconds = (performance.now() - t0) / 1000;
		if (answer.status !== 200)
			throw new Error(`census start answered HTTP ${answer.status}`);
		const done = await waitFor(
			() =>
				connector.calls.find(
					(c) =>
						c.kind === "send" &&
						c.conversationId === chat &&
						/is open until|Can't start|something went wrong/.test(
							String(c.body.text),
						),
				),
			Math.max(120_000, opts.people * 2),
			"the start's outcome in Teams",
		);
		const completionSeconds = (performance.now() - t0) / 1000;
		if (!/is open until/.test(String(done.body.text)))
			throw new Error(`the start failed: ${String(done.body.text)}`);
		return {
			people: opts.people,
			turnSeconds: +turnSeconds.toFixed(3),
			completionSeconds: +completionSeconds.toFixed(3),
		};
	} finally {
		await runtime.stop();
		await dropRedisPrefix(runtime.redisUrl, runtime.redisPrefix);
		await connector.close();
	}
}
