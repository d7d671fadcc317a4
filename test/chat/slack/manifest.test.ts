import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readSchemaFixture } from "../../support/schema-fixture.js";

const repoRoot = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	"../../..",
);

type Manifest = {
	_metadata?: { major_version?: number };
	features?: {
		app_home?: { home_tab_enabled?: boolean };
		slash_commands?: { command: string; url?: string }[];
	};
	oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
	settings?: {
		event_subscriptions?: {
			request_url?: string;
			bot_events?: string[];
			user_events?: string[];
		};
		interactivity?: { is_enabled?: boolean; request_url?: string };
		socket_mode_enabled?: boolean;
	};
};

const manifest = parse(
	readFileSync(path.join(repoRoot, "manifests", "slack.yaml"), "utf8"),
) as Manifest;

function validator() {
	const schema = readSchemaFixture("slack-app-manifest.schema.1.0.0.json");
	// The schema uses `format: "uri"`; without ajv-formats, strict: false lets Ajv ignore it.
	const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
	return ajv.compile(schema);
}

describe("manifests/slack.yaml", () => {
	it("is a valid Slack app manifest (schema 1.0.0)", () => {
		expect(manifest._metadata?.major_version ?? 1).toBe(1);
		const validate = validator();
		const valid = validate(manifest);
		expect(validate.errors ?? []).toEqual([]);
		expect(valid).toBe(true);
	});

	it("the schema check can fail", () => {
		const validate = validator();
		expect(validate({ ...manifest, display_information: undefined })).toBe(
			false,
		);
		expect(
			validate({
				...manifest,
				oauth_config: { scopes: { bot: "chat:write" } },
			}),
		).toBe(false);
	});

	it("asks for exactly the least-privilege bot scopes and no user scopes", () => {
		const bot = manifest.oauth_config?.scopes?.bot ?? [];
		// dnd:read: invitations, reminders and nudges wait while the person is in Do Not Disturb. users:read and
		// users:read.email: a roster of emails is matched to member ids (users.list, users.lookupByEmail). files:read:
		// an admin's roster CSV shared in the bot's DM is read (files.info and its private URL). No history scope: the bot
		// is never sent what people type to it.
		expect([...bot].sort()).toEqual([
			"chat:write",
			"commands",
			"dnd:read",
			"files:read",
			"files:write",
			"users:read",
			"users:read.email",
		]);
		expect(bot.filter((s) => s.endsWith(":history"))).toEqual([]);
		expect(manifest.oauth_config?.scopes?.user ?? []).toEqual([]);
	});

	it("routes /census, interactivity and events to /slack/events", () => {
		const commands = manifest.features?.slash_commands ?? [];
		expect(commands.map((c) => c.command)).toEqual(["/census"]);
		const urls = [
			commands[0]?.url,
			manifest.settings?.interactivity?.request_url,
			manifest.settings?.event_subscriptions?.request_url,
		];
		for (const url of urls) {
			expect(url).toBeDefined();
			expect(new URL(url ?? "").pathname).toBe("/slack/events");
			expect(url?.startsWith("https://")).toBe(true);
		}
		expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
	});

	it("subscribes to app_home_opened, file_shared and the app's own removal only (never message.im), and enables the Home tab", () => {
		// file_shared (files:read): an admin's roster upload. No message event: what people type to the bot never
		// reaches it. app_uninstalled and tokens_revoked pause Slack's deliveries and tell the admins.
		expect(
			[...(manifest.settings?.event_subscriptions?.bot_events ?? [])].sort(),
		).toEqual([
			"app_home_opened",
			"app_uninstalled",
			"file_shared",
			"tokens_revoked",
		]);
		expect(manifest.settings?.event_subscriptions?.user_events ?? []).toEqual(
			[],
		);
		expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
	});
});
