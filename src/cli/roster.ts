import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { loadEnvFile } from "../env-file.js";
import { describeFailure } from "./describe-failure.js";
import { openDatabase } from "./open-database.js";
import { runRosterImport } from "./roster-import.js";

const HELP = `Usage: npm run roster -- import FILE.csv [--dry-run]

Imports the organisation's people from a CSV file. People are matched by email: a re-import
updates them and never duplicates them; people missing from the file are left unchanged.

Columns (header names are case-insensitive):
  email, department, grade                    required
  manager_email, slack_user_id,
  teams_user_id, timezone                     optional (an empty cell clears the value;
                                              a column left out keeps the stored values)

Options:
  --dry-run   check the file (and chat id clashes in the database) without writing
  -h, --help  show this help

The database is DATABASE_URL, or the embedded one under the data folder when it is not set.`;

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

function parseCommandLine(argv: string[]) {
	return parseArgs({
		args: argv,
		options: {
			"dry-run": { type: "boolean" },
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
	const [command, file, ...extra] = positionals;
	if (values.help || command === undefined) {
		say(HELP);
		return values.help ? 0 : 2;
	}
	if (command !== "import") {
		say(`Unknown command "${command}".\n\n${HELP}`);
		return 2;
	}
	if (file === undefined || extra.length > 0) {
		say(
			`${file === undefined ? "Missing the CSV file." : "Give exactly one CSV file."}\n\n${HELP}`,
		);
		return 2;
	}
	let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
	try {
		loadEnvFile();
		db = await openDatabase(loadConfig());
	} catch (err) {
		say(
			err instanceof ConfigError
				? err.message
				: `Cannot prepare the database: ${describeFailure(err)}`,
		);
		return 2;
	}
	try {
		return await runRosterImport({
			file,
			dryRun: values["dry-run"] ?? false,
			databaseUrl: db.url,
			out,
			progress: true,
		});
	} finally {
		await db.close().catch(() => undefined);
	}
}

if (
	process.argv[1] !== undefined &&
	fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
	process.exitCode = await roster(process.argv.slice(2));
}
