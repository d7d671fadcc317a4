import { z } from "zod";
import { publicUrlProblem } from "./domain/campaigns/public-url-problem.js";
import { parseWorkingHours } from "./domain/campaigns/working-hours.js";
import { languageProblem } from "./domain/roster/language-tag.js";

const optional = z
	.string()
	.trim()
	.transform((v) => (v === "" ? undefined : v))
	.optional();

/** An https link people will open (privacy notice, terms): never a placeholder such as example.org. */
const publicUrl = z.string().superRefine((v, ctx) => {
	const problem = publicUrlProblem(v);
	// The message names the problem without repeating the value.
	if (problem !== null)
		ctx.addIssue({
			code: "custom",
			message: problem.replace(/^"(?:[^"\\]|\\.)*" /, "the URL "),
		});
});

const envSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	DATABASE_URL: optional.pipe(
		z.url({ protocol: /^postgres(ql)?$/ }).optional(),
	),
	REDIS_URL: optional.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
	CENSUS_REDIS_PREFIX: optional.pipe(
		z
			.string()
			.regex(/^[A-Za-z0-9{}_-]{1,64}$/, "letters, digits, {}, _ and - only")
			.optional(),
	),
	SLACK_BOT_TOKEN: optional,
	SLACK_SIGNING_SECRET: optional,
	SLACK_APP_TOKEN: optional,
	SLACK_API_URL: optional.pipe(z.url().optional()),
	SLACK_MESSAGES_PER_SECOND: z.coerce
		.number()
		.int()
		.min(1)
		.max(1000)
		.default(5),
	TEAMS_APP_ID: optional,
	TEAMS_APP_PASSWORD: optional,
	TEAMS_TENANT_ID: optional,
	TEAMS_OPENID_METADATA_URL: optional.pipe(z.url().optional()),
	TEAMS_SERVICE_URL: optional.pipe(z.url().optional()),
	TEAMS_MESSAGES_PER_SECOND: z.coerce
		.number()
		.int()
		.min(1)
		.max(1000)
		.default(50),
	TEAMS_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).optional(),
	CENSUS_GRAPH_ENABLED: z.enum(["true", "false"]).default("false"),
	TEAMS_CATALOG_APP_ID: optional,
	GRAPH_API_URL: optional.pipe(z.url().optional()),
	GRAPH_LOGIN_URL: optional.pipe(z.url().optional()),
	GRAPH_TEAMS_REQUESTS_PER_SECOND: z.coerce
		.number()
		.int()
		.min(1)
		.max(1000)
		.default(30),
	GRAPH_DIRECTORY_REQUESTS_PER_SECOND: z.coerce
		.number()
		.int()
		.min(1)
		.max(5000)
		.default(300),
	CENSUS_SEALING_SECRET: optional.pipe(
		z.string().min(32, "must be at least 32 characters").optional(),
	),
	CENSUS_TALLY_KEY_FILE: optional,
	CENSUS_TALLY_KEY: optional,
	CENSUS_DEV_KEY_DIR: optional,
	CENSUS_ADMINS: optional,
	CENSUS_DATA_DIR: optional,
	CENSUS_MIN_CELL_SIZE: z.coerce
		.number()
		.int()
		.min(5, "must be at least 5: smaller groups could identify people")
		.max(1000)
		.default(10),
	CENSUS_MIN_GROUP_SIZE: z.coerce
		.number()
		.int()
		.min(5)
		.max(100_000)
		.default(20),
	CENSUS_SHUFFLE_SIZE: z.coerce.number().int().min(2).max(10_000).default(10),
	CENSUS_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
	CENSUS_WORKING_HOURS: z
		.string()
		.trim()
		.default("09:00-17:00,mon-fri")
		.refine((v) => parseWorkingHours(v).ok, {
			message: "must be like 09:00-17:00,mon-fri",
		}),
	CENSUS_RUN_BY: optional.pipe(z.string().max(80).optional()),
	CENSUS_CONTACT: optional.pipe(z.string().max(120).optional()),
	CENSUS_PRIVACY_URL: optional.pipe(publicUrl.optional()),
	CENSUS_TERMS_URL: optional.pipe(publicUrl.optional()),
	CENSUS_ORGANISATION: optional.pipe(z.string().max(32).optional()),
	CENSUS_LANGUAGE: z
		.string()
		.trim()
		.default("en-GB")
		.superRefine((tag, ctx) => {
			const problem = languageProblem(tag);
			if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
		}),
	CENSUS_LANGUAGES: optional.pipe(
		z
			.string()
			.optional()
			.superRefine((list, ctx) => {
				for (const tag of splitList(list ?? "")) {
					const problem = languageProblem(tag);
					if (problem !== null)
						ctx.addIssue({ code: "custom", message: problem });
				}
			}),
	),
	LOG_LEVEL: z
		.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
		.default("info"),
	NODE_ENV: z
		.enum(["development", "production", "test"])
		.default("development"),
});

/** The environment variable names the app reads; `.env.example` must list exactly these. */
export const configKeys = Object.keys(envSchema.shape).sort();

/** Typed configuration, parsed once at start-up and passed down explicitly. */
export type Config = {
	port: number;
	production: boolean;
	dataDir: string;
	logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
	databaseUrl: string | undefined;
	redisUrl: string | undefined;
	/** Key prefix for every Redis key; processes of one deployment share it. */
	redisPrefix: string;
	slack:
		| {
				botToken: string;
				signingSecret: string;
				appToken: string | undefined;
				apiUrl: string | undefined;
				/** Messages per second across all workers for this workspace (the send queue's limit). */
				messagesPerSecond: number;
		  }
		| undefined;
	/** Teams: authenticated with the bot's credentials, local (unauthenticated, loopback only) or off. */
	teams: TeamsConfig | undefined;
	/** Microsoft Graph, to find Teams people by email and install the app for them; off unless enabled. */
	graph: GraphConfig | undefined;
	sealingSecret: string | undefined;
	/** Where the tally process's keys come from: a key file, or the file's contents in the environment. */
	tallyKey: { file: string } | { inline: string } | undefined;
	/** Where development keys are generated for a local trial (never beside the embedded database). */
	devKeyDir: string;
	admins: string[];
	/** Privacy thresholds frozen into each new campaign. */
	privacy: {
		minCellSize: number;
		minGroupHeadcount: number;
		shuffleSize: number;
		retentionDays: number;
		/** Working hours for campaigns that don't set their own. */
		workingHours: string;
		/** Who runs campaigns that don't say on start (`runby=`, `contact=`, `privacy=`). */
		organiser: { runBy?: string; contact?: string; privacyUrl?: string };
	};
	/** The organisation as the Teams app package presents it: its name and its privacy and terms pages. */
	publisher: { name?: string; privacyUrl?: string; termsUrl?: string };
	/**
	 * The languages employees are spoken to in (`CENSUS_LANGUAGES`, always with the default) and the default for
	 * anyone whose roster row and platform say nothing (`CENSUS_LANGUAGE`).
	 */
	languages: { enabled: string[]; defaultLanguage: string };
};

/** How the Teams endpoint runs. */
export type TeamsConfig =
	| {
			mode: "authenticated";
			appId: string;
			appPassword: string;
			/** The single Microsoft Entra tenant whose activities are accepted. */
			tenantId: string;
			/** Where the keys that sign Bot Connector tokens are published; undefined → Microsoft's public cloud. */
			openIdMetadataUrl: string | undefined;
			/** Bot Connector base for creating conversations and channel posts when no reference was captured. */
			serviceUrl: string;
			/** Messages per second across all workers for this tenant (the Teams send queue's limit). */
			messagesPerSecond: number;
	  }
	| {
			/** No JWT validation: served on its own listener on 127.0.0.1 only. */
			mode: "local";
			port: number;
			serviceUrl: string;
			messagesPerSecond: number;
	  };

const defaultTeamsServiceUrl = "https://smba.trafficmanager.net/teams/";

/**
 * Microsoft Graph as the bot's own app registration uses it (application permissions `User.Read.All` and
 * `TeamsAppInstallation.ReadWriteSelfForUser.All`, admin-consented): the token comes from the bot's app id and
 * secret by the client credentials grant.
 */
export type GraphConfig = {
	tenantId: string;
	clientId: string;
	clientSecret: string;
	/** The app's id in the organisation's Teams app catalogue (not the manifest id). */
	catalogAppId: string;
	/** Graph base, ending in the version (`https://graph.microsoft.com/v1.0/`). */
	apiUrl: string;
	/** The Microsoft Entra sign-in host that issues the token. */
	loginUrl: string;
	/** Teams calls (installedApps, chat) per second across all workers: Graph allows 30 per app per tenant. */
	teamsPerSecond: number;
	/** Directory reads (`/users`) per second across all workers. */
	directoryPerSecond: number;
};

/** Raised when the environment is invalid; lists every problem by variable name, never by value. */
export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
		);
		this.name = "ConfigError";
	}
}

function teamsConfig(e: z.infer<typeof envSchema>): TeamsConfig | undefined {
	if (e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD && e.TEAMS_TENANT_ID)
		return {
			mode: "authenticated",
			appId: e.TEAMS_APP_ID,
			appPassword: e.TEAMS_APP_PASSWORD,
			tenantId: e.TEAMS_TENANT_ID,
			openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
			serviceUrl: e.TEAMS_SERVICE_URL ?? defaultTeamsServiceUrl,
			messagesPerSecond: e.TEAMS_MESSAGES_PER_SECOND,
		};
	return e.TEAMS_LOCAL_PORT === undefined
		? undefined
		: {
				mode: "local",
				port: e.TEAMS_LOCAL_PORT,
				serviceUrl: e.TEAMS_SERVICE_URL ?? defaultTeamsServiceUrl,
				messagesPerSecond: e.TEAMS_MESSAGES_PER_SECOND,
			};
}

function graphConfig(e: z.infer<typeof envSchema>): GraphConfig | undefined {
	if (
		e.CENSUS_GRAPH_ENABLED !== "true" ||
		!e.TEAMS_APP_ID ||
		!e.TEAMS_APP_PASSWORD ||
		!e.TEAMS_TENANT_ID ||
		!e.TEAMS_CATALOG_APP_ID
	)
		return undefined;
	return {
		tenantId: e.TEAMS_TENANT_ID,
		clientId: e.TEAMS_APP_ID,
		clientSecret: e.TEAMS_APP_PASSWORD,
		catalogAppId: e.TEAMS_CATALOG_APP_ID,
		apiUrl: e.GRAPH_API_URL ?? "https://graph.microsoft.com/v1.0/",
		loginUrl: e.GRAPH_LOGIN_URL ?? "https://login.microsoftonline.com/",
		teamsPerSecond: e.GRAPH_TEAMS_REQUESTS_PER_SECOND,
		directoryPerSecond: e.GRAPH_DIRECTORY_REQUESTS_PER_SECOND,
	};
}

/** What is wrong with the settings Graph needs, when CENSUS_GRAPH_ENABLED=true (names only, never a value). */
function graphProblems(cleaned: Record<string, string | undefined>): string[] {
	const problems: string[] = [];
	if (!("TEAMS_APP_ID" in cleaned))
		problems.push(
			"CENSUS_GRAPH_ENABLED: needs TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID (Graph is called as the bot's app registration)",
		);
	if (!("TEAMS_CATALOG_APP_ID" in cleaned))
		problems.push(
			"TEAMS_CATALOG_APP_ID: required when CENSUS_GRAPH_ENABLED=true (the app's id in the organisation's app catalogue)",
		);
	// The catalogue generates its own id for an app it is given; the manifest's (which `npm run teams:package`
	// sets to TEAMS_APP_ID) is only the app's externalId there, and Graph installs nothing by it.
	else if (
		cleaned.TEAMS_CATALOG_APP_ID?.trim().toLowerCase() ===
		cleaned.TEAMS_APP_ID?.trim().toLowerCase()
	)
		problems.push(
			"TEAMS_CATALOG_APP_ID: this is TEAMS_APP_ID, the id in the app's manifest; use the id your organisation's app catalogue gave the app when it was published (its id, not its externalId: see the README's Reaching Teams people through Microsoft Graph)",
		);
	return problems;
}

/** Parses and checks the environment; the only reader of process.env in the app. */
export function loadConfig(
	env: Record<string, string | undefined> = process.env,
): Config {
	// A variable set to an empty string means "unset", so every default still applies.
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
	);
	const parsed = envSchema.safeParse(cleaned);
	const problems: string[] = parsed.success
		? []
		: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
	if ("SLACK_BOT_TOKEN" in cleaned !== "SLACK_SIGNING_SECRET" in cleaned) {
		problems.push(
			"SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set together",
		);
	}
	if ("TEAMS_APP_ID" in cleaned) {
		for (const key of ["TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID"]) {
			if (!(key in cleaned))
				problems.push(`${key}: required when TEAMS_APP_ID is set`);
		}
		if ("TEAMS_LOCAL_PORT" in cleaned)
			problems.push(
				"TEAMS_LOCAL_PORT: the unauthenticated local mode cannot be used with TEAMS_APP_ID",
			);
	} else if ("TEAMS_OPENID_METADATA_URL" in cleaned) {
		problems.push("TEAMS_OPENID_METADATA_URL: needs TEAMS_APP_ID");
	}
	if (cleaned.CENSUS_GRAPH_ENABLED === "true")
		problems.push(...graphProblems(cleaned));
	if (
		"TEAMS_LOCAL_PORT" in cleaned &&
		!("TEAMS_APP_ID" in cleaned) &&
		cleaned.NODE_ENV === "production"
	)
		problems.push(
			"TEAMS_LOCAL_PORT: the unauthenticated local mode cannot run with NODE_ENV=production; set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID instead",
		);
	if (
		cleaned.NODE_ENV === "production" &&
		!("CENSUS_SEALING_SECRET" in cleaned)
	) {
		problems.push(
			"CENSUS_SEALING_SECRET: required in production (generate one with `openssl rand -base64 48`)",
		);
	}
	if ("CENSUS_TALLY_KEY_FILE" in cleaned && "CENSUS_TALLY_KEY" in cleaned)
		problems.push(
			"CENSUS_TALLY_KEY: give the tally key as a file (CENSUS_TALLY_KEY_FILE) or a value, not both",
		);
	if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
	const e = parsed.data;
	if (e.CENSUS_MIN_GROUP_SIZE < e.CENSUS_MIN_CELL_SIZE) {
		throw new ConfigError([
			"CENSUS_MIN_GROUP_SIZE: must be at least CENSUS_MIN_CELL_SIZE",
		]);
	}
	const production = e.NODE_ENV === "production";
	return {
		port: e.PORT,
		production,
		dataDir: e.CENSUS_DATA_DIR ?? ".data",
		logLevel: e.LOG_LEVEL,
		databaseUrl: e.DATABASE_URL,
		redisUrl: e.REDIS_URL,
		redisPrefix: e.CENSUS_REDIS_PREFIX ?? "census",
		slack:
			e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
				? {
						botToken: e.SLACK_BOT_TOKEN,
						signingSecret: e.SLACK_SIGNING_SECRET,
						appToken: e.SLACK_APP_TOKEN,
						apiUrl: e.SLACK_API_URL,
						messagesPerSecond: e.SLACK_MESSAGES_PER_SECOND,
					}
				: undefined,
		teams: teamsConfig(e),
		graph: graphConfig(e),
		sealingSecret: e.CENSUS_SEALING_SECRET,
		tallyKey: e.CENSUS_TALLY_KEY_FILE
			? { file: e.CENSUS_TALLY_KEY_FILE }
			: e.CENSUS_TALLY_KEY
				? { inline: e.CENSUS_TALLY_KEY }
				: undefined,
		devKeyDir: e.CENSUS_DEV_KEY_DIR ?? ".dev-keys",
		admins: (e.CENSUS_ADMINS ?? "")
			.split(",")
			.map((s) => s.trim().toLowerCase())
			.filter((s) => s.length > 0),
		privacy: {
			minCellSize: e.CENSUS_MIN_CELL_SIZE,
			minGroupHeadcount: e.CENSUS_MIN_GROUP_SIZE,
			shuffleSize: e.CENSUS_SHUFFLE_SIZE,
			retentionDays: e.CENSUS_RETENTION_DAYS,
			workingHours: e.CENSUS_WORKING_HOURS,
			organiser: {
				...(e.CENSUS_RUN_BY ? { runBy: e.CENSUS_RUN_BY } : {}),
				...(e.CENSUS_CONTACT ? { contact: e.CENSUS_CONTACT } : {}),
				...(e.CENSUS_PRIVACY_URL ? { privacyUrl: e.CENSUS_PRIVACY_URL } : {}),
			},
		},
		publisher: publisherOf(e),
		languages: {
			defaultLanguage: e.CENSUS_LANGUAGE,
			enabled: [e.CENSUS_LANGUAGE, ...splitList(e.CENSUS_LANGUAGES ?? "")],
		},
	};
}

/** The items of a comma-separated list, trimmed, without empty ones. */
function splitList(list: string): string[] {
	return list
		.split(",")
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

function publisherOf(e: {
	CENSUS_ORGANISATION?: string | undefined;
	CENSUS_PRIVACY_URL?: string | undefined;
	CENSUS_TERMS_URL?: string | undefined;
}): Config["publisher"] {
	return {
		...(e.CENSUS_ORGANISATION ? { name: e.CENSUS_ORGANISATION } : {}),
		...(e.CENSUS_PRIVACY_URL ? { privacyUrl: e.CENSUS_PRIVACY_URL } : {}),
		...(e.CENSUS_TERMS_URL ? { termsUrl: e.CENSUS_TERMS_URL } : {}),
	};
}

/**
 * Only what the Teams app package needs: the app id, and the organisation's name and privacy and terms pages.
 * Every problem is listed by variable name, never by value.
 */
export function loadTeamsPackageSettings(
	env: Record<string, string | undefined> = process.env,
): { appId: string | undefined } & Config["publisher"] {
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
	);
	const parsed = envSchema
		.pick({
			TEAMS_APP_ID: true,
			CENSUS_ORGANISATION: true,
			CENSUS_PRIVACY_URL: true,
			CENSUS_TERMS_URL: true,
		})
		.safeParse(cleaned);
	if (!parsed.success)
		throw new ConfigError(
			parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
		);
	return { appId: parsed.data.TEAMS_APP_ID, ...publisherOf(parsed.data) };
}

/**
 * Only what `npm run db:migrate` needs (the database), so a one-shot migration job can run with DATABASE_URL
 * alone: no sealing secret, platform credentials or tally key.
 */
export function loadMigrationTarget(
	env: Record<string, string | undefined> = process.env,
): { databaseUrl: string | undefined; dataDir: string } {
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
	);
	const parsed = envSchema
		.pick({ DATABASE_URL: true, CENSUS_DATA_DIR: true })
		.safeParse(cleaned);
	if (!parsed.success)
		throw new ConfigError(
			parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
		);
	return {
		databaseUrl: parsed.data.DATABASE_URL,
		dataDir: parsed.data.CENSUS_DATA_DIR ?? ".data",
	};
}
