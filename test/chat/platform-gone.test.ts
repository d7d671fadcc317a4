import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { platformGone } from "../../src/chat/platform-gone.js";
import type { NewDelivery } from "../../src/domain/deliveries/outbox-store.js";
import type { Platform } from "../../src/domain/deliveries/platform.js";
import { asCampaignId } from "../../src/domain/ids.js";
import type { Campaign } from "../../src/domain/ports.js";
import { DeliveryPause } from "../../src/jobs/delivery-pause.js";
import { createLogger } from "../../src/logger.js";
import { testRedisPrefix } from "../support/test-database.js";

const campaign = {
	id: asCampaignId("00000000-0000-4000-8000-0000000000c1"),
	name: "Census *2026*",
} as Campaign;
const entraAdmin = "00000000-0000-4000-8000-00000000ad01";

/**
 * Who is told when Slack refuses the app: Teams admins only (CENSUS_ADMINS by Entra id, Bot Framework id, or an
 * email whose roster row has a Teams id), once per pause, about the open census; nobody when Teams is not
 * configured or no census is open (the log still warns).
 */
describe("telling the admins that Slack refused the app", () => {
	const redis = new Redis("redis://127.0.0.1:6379");
	let prefix: string;
	let created: NewDelivery[];
	let logs: string[];
	let open: Campaign | null;

	const gone = (platforms: Platform[]) =>
		platformGone({
			pause: new DeliveryPause(redis, prefix, () => undefined),
			store: { findOpenCampaign: async () => open },
			outbox: {
				createDeliveries: async (rows) => {
					created.push(...rows);
					return [];
				},
			},
			dispatch: async () => undefined,
			logger: createLogger("debug", { write: (l: string) => logs.push(l) }),
			platforms,
			admins: [
				"u0admin",
				entraAdmin,
				"29:1abcdef",
				"boss@example.org",
				"nobody@example.org",
			],
			teamsIdsOfEmails: async (emails) =>
				emails.includes("boss@example.org") ? ["teams-id-of-boss"] : [],
		});
	const warnings = () =>
		logs
			.map((l) => JSON.parse(l) as { level: number; msg: string })
			.filter((l) => l.level === 40);

	beforeEach(() => {
		prefix = testRedisPrefix("gone");
		created = [];
		logs = [];
		open = campaign;
	});

	afterAll(async () => {
		const keys = await redis.keys("census-test-gone-*");
		if (keys.length > 0) await redis.del(...keys);
		redis.disconnect();
	});

	it("sends each Teams admin one notice about the open census, however many events come", async () => {
		const slackGone = gone(["slack", "teams"]);
		await slackGone("slack", "app_uninstalled");
		await slackGone("slack", "tokens_revoked");
		expect(created.map((d) => d.recipient).sort()).toEqual(
			["29:1abcdef", entraAdmin, "teams-id-of-boss"].sort(),
		);
		for (const d of created)
			expect(d).toMatchObject({
				campaignId: campaign.id,
				kind: "notice",
				employeeId: null,
				payload: {
					kind: "paused",
					platform: "slack",
					reason: "app_uninstalled",
					campaignName: "Census *2026*",
				},
			});
		expect(warnings()).toHaveLength(1);
	});

	it("tells nobody on another platform without Teams, or without an open census, and still warns", async () => {
		await gone(["slack"])("slack", "app_uninstalled");
		prefix = testRedisPrefix("gone");
		open = null;
		await gone(["slack", "teams"])("slack", "tokens_revoked");
		expect(created).toEqual([]);
		expect(warnings()).toHaveLength(2);
	});
});
