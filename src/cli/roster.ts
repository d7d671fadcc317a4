import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { directoryPlatforms } from "../chat/reach-directories.js";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { configuredPlatforms } from "../configured-platforms.js";
import { loadEnvFile } from "../env-file.js";
import { describeFailure } from "./describe-failure.js";
import { openDatabase } from "./open-database.js";
import { runRosterCheck } from "./roster-check.js";
import { runRosterImport } from "./roster-import.js";
import { runRosterRemove } from "./roster-remove.js";

const HELP = `Usage: npm run roster -- import FILE.csv [--dry-run] [--full [--max-deactivate=N%] [--confirm]] [--list-unreachable]
       npm run roster -- remove EMAIL [EMAIL…]
       npm run roster -- check [--csv FILE]

import  Imports the organisation's people from a CSV file. People are matched by email: a re-import
        updates them and never duplicates them; people missing from the file are left unchanged,
        unless --full. Rows with no chat id for any configured platform are counted (and listed
        with --list-unreachable): Slack, and Teams through Microsoft Graph, look them up by
        email when the census starts.
remove  Takes leavers off the roster: they are not invited or counted from now on, and their
        details are erased once the retention period (CENSUS_RETENTION_DAYS) has passed.
check   Looks everyone up on the configured platforms (nothing is sent) and says how many can be
        reached on each, and how many cannot and why; records the ids it finds on the roster.
        Exits 0 when anyone can be reached, 1 when nobody can, and 2 when a platform could not
        be asked (a refused token, a missing scope, an outage).

Columns (header names are case-insensitive):
  email, department, grade                    required
  manager_email, slack_user_id,
  teams_user_id, timezone, language           optional (an empty cell clears the value;
                                              a column left out keeps the stored values)

Options:
  --dry-run             check the file (and chat id clashes in the database) without writing
  --full                the file is the whole organisation: people not in it leave the roster
  --max-deactivate=N%   with --full, refuse when more than N% of the roster would leave (default 20%)
  --confirm             with --full, take them off however many they are
  --list-unreachable    list the emails of rows no configured platform has an id for
  --csv FILE            with check, write the people who cannot be reached (email, reason) to FILE
  -h, --help            show this help

The database is DATABASE_URL, or the embedded one under the data folder when it is not set.`;

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

function parseCommandLine(argv: string[]) {
	return parseArgs({
		args: argv,
		options: {
			"dry-run": { type: "boolean" },
			full: { type: "boolean" },
			"max-deactivate": { type: "string" },
			confirm: { type: "boolean" },
			"list-unreachable": { type: "boolean" },
			csv: { type: "string" },
			help: { type: "boolean", short: "h" },
		},
		allowPositionals: true,
	});
}

/** The `roster` command line: parses `argv` (without node and script), returns the exit code. */
export async function roster(
	argv: string[],
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const say = (line: string) => {
		out.write(`${line}\n`);
	};
	let parsed: ReturnType<typeof parseCommandLine>;
	try {
		parsed = parseCommandLine(argv);
	} catch (err) {
		say(`${message(err)}\n\n${HELP}`);
		return 2;
	}
	const { values, positionals } = parsed;
	const [command, ...rest] = positionals;
	if (values.help || command === undefined) {
		say(HELP);
		return values.help ? 0 : 2;
	}
	const usage = (problem: string) => {
		say(`${problem}\n\n${HELP}`);
		return 2;
	};
	if (!["import", "remove", "check"].includes(command))
		return usage(`Unknown command "${command}".`);
	const file = rest[0];
	if (command === "import" && (file === undefined || rest.length > 1))
		return usage(
			file === undefined
				? "Missing the CSV file."
				: "Give exactly one CSV file.",
		);
	if (command === "remove" && rest.length === 0)
		return usage("Give the email of each person who left.");
	if (command === "check" && rest.length > 0)
		return usage("check takes no file; use --csv FILE to write the list.");
	const maxShare = parseShare(values["max-deactivate"]);
	if (maxShare === "invalid")
		return usage(
			`--max-deactivate takes a percentage from 0% to 100%, such as --max-deactivate=20%.`,
		);
	if (command !== "import" || !values.full) {
		const stray = (["max-deactivate", "confirm"] as const).filter(
			(o) => values[o] !== undefined,
		);
		if (stray.length > 0)
			return usage(`--${stray.join(" and --")} only go with import --full.`);
	}
	let config: Config;
	let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
	try {
		loadEnvFile();
		config = loadConfig();
		db = await openDatabase(config);
	} catch (err) {
		say(
			err instanceof ConfigError
				? err.message
				: `Cannot prepare the database: ${describeFailure(err)}`,
		);
		return 2;
	}
	const platforms = configuredPlatforms(config);
	try {
		if (command === "remove")
			return await runRosterRemove({
				emails: rest,
				databaseUrl: db.url,
				out,
			});
		if (command === "check")
			return await runRosterCheck({
				config,
				platforms,
				databaseUrl: db.url,
				csvFile: values.csv,
				out,
				progress: true,
			});
		return await runRosterImport({
			file: file as string,
			dryRun: values["dry-run"] ?? false,
			databaseUrl: db.url,
			out,
			progress: true,
			...(values.full
				? { full: { maxShare: values.confirm ? null : (maxShare ?? 0.2) } }
				: {}),
			reach: {
				platforms,
				directories: directoryPlatforms(config),
			},
			listUnreachable: values["list-unreachable"] ?? false,
		});
	} finally {
		await db.close().catch(() => undefined);
	}
}

/** `20%` or `20` → 0.2; undefined when absent; "invalid" otherwise. */
function parseShare(text: string | undefined): number | "invalid" | undefined {
	if (text === undefined) return undefined;
	const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
	const n = m ? Number(m[1]) : Number.NaN;
	return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : "invalid";
}

if (
	process.argv[1] !== undefined &&
	fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
	process.exitCode = await roster(process.argv.slice(2));
}
