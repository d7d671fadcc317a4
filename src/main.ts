import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.js";
import { loadEnvFile } from "./env-file.js";
import { TallyKeyCheckError } from "./keys/tally-key-check-error.js";
import { TallyKeyFileError } from "./keys/tally-key-set.js";
import { createLogger } from "./logger.js";
import { renderChartPng } from "./reports/render-chart-png.js";
import { type Role, startCensus } from "./start-census.js";
import { EmbeddedDatabaseBusyError } from "./storage/embedded-database-lock.js";
import { RedisUnavailableError } from "./storage/redis-connection.js";

const roleSets: Record<string, Role[]> = {
	web: ["web"],
	worker: ["worker"],
	tally: ["tally"],
	all: ["web", "worker", "tally"],
};

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: { role: { type: "string", default: "all" } },
		strict: true,
	});
	const roles = roleSets[values.role ?? "all"];
	if (!roles) {
		process.stderr.write(
			`--role must be web, worker, tally or all (got "${values.role}")\n`,
		);
		return 2;
	}
	// `.env` in the working folder, when present; the environment wins over it.
	const fromEnvFile = loadEnvFile();
	const config = loadConfig();
	if (config.tallyKey && !roles.includes("tally")) {
		// The guarantee rests on this: a process that serves traffic never holds the key that opens answers.
		process.stderr.write(
			"CENSUS_TALLY_KEY_FILE / CENSUS_TALLY_KEY is set for a process without the tally role: remove it. Only the process started with --role=tally (or all) may hold the tally key.\n",
		);
		return 2;
	}
	const logger = createLogger(
		config.production && config.logLevel === "debug" ? "info" : config.logLevel,
	);
	// The stop handlers come first: a SIGTERM that arrives while the start runs (or just after it says it started)
	// waits for it to finish, then stops cleanly, instead of killing the process mid-way.
	let starting: ReturnType<typeof startCensus> | undefined;
	let stopping = false;
	const shutdown = async () => {
		if (stopping) return;
		stopping = true;
		logger.info({}, "shutting down");
		const timer = setTimeout(() => process.exit(1), 25_000);
		// A start that failed is reported by main's own error handling.
		const runtime = await starting?.catch(() => null);
		if (runtime === null) return;
		await runtime?.stop();
		clearTimeout(timer);
		process.exit(0);
	};
	process.once("SIGTERM", shutdown);
	process.once("SIGINT", shutdown);
	if (fromEnvFile.length > 0)
		logger.info({ count: fromEnvFile.length }, "settings read from .env");
	if (!config.slack)
		logger.warn(
			{},
			"SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set: Slack is disabled",
		);
	if (!config.teams)
		logger.info(
			{},
			"TEAMS_APP_ID is not set (nor TEAMS_LOCAL_PORT): Teams is disabled",
		);
	starting = startCensus(config, {
		roles,
		logger,
		renderChart: renderChartPng,
	});
	await starting;
	return -1;
}

main().then(
	(code) => {
		if (code >= 0) process.exit(code);
	},
	(err: unknown) => {
		if (
			err instanceof ConfigError ||
			err instanceof TallyKeyCheckError ||
			err instanceof TallyKeyFileError ||
			err instanceof RedisUnavailableError ||
			err instanceof EmbeddedDatabaseBusyError
		) {
			process.stderr.write(`${err.message}\n`);
		} else {
			process.stderr.write(
				`census-bot could not start: ${err instanceof Error ? err.message : String(err)}\n`,
			);
		}
		process.exit(1);
	},
);
