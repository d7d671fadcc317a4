import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { generateTallyKey } from "../domain/ballots/tally-key.js";
import { developmentKeysAllowed } from "../keys/resolve-keys.js";
import {
	createTallyKeyFile,
	readTallyKeyFile,
	replaceTallyKeyFile,
	TallyKeyFileError,
} from "../keys/tally-key-set.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import { TallyKeyRegistry } from "../storage/tally-key-registry.js";
import { describeFailure } from "./describe-failure.js";
import { openDatabase } from "./open-database.js";

const HELP = `Usage: npm run tally-key -- new|rotate|list|retire KEY_ID [--force] [--file FILE]

The tally key opens the answers of every campaign sealed to it. Only the tally process
(npm start -- --role=tally) may hold it: never give it to a web or worker process, and never
keep it in the same backup as the database.

Commands:
  new             make the key file with a first tally key (refuses to overwrite a file)
                  and register its public half, so new campaigns are sealed to it
  rotate          add a new key to the file and register it: new campaigns are sealed to
                  it; the older keys stay until the campaigns sealed to them have closed
  list            every registered key: active, in use, retired, and whether the file holds it
  retire KEY_ID   destroy a key: take it out of the file and mark it retired. Every backup
                  made before its campaigns closed can then never be opened. Refused while
                  a campaign not yet closed is sealed to it (--force loses that campaign)

Options:
  --file FILE   the key file (default: CENSUS_TALLY_KEY_FILE, or the development key folder
                for a local trial)
  --force       retire a key even though an open campaign needs it
  -h, --help    show this help

Restart the tally process after new, rotate or retire, so it holds the file as it now is.
The database is DATABASE_URL, or the embedded one under the data folder when it is not set.`;

function parseCommandLine(argv: string[]) {
	return parseArgs({
		args: argv,
		options: {
			file: { type: "string" },
			force: { type: "boolean" },
			help: { type: "boolean", short: "h" },
		},
		allowPositionals: true,
	});
}

/** The `tally-key` command line: parses `argv` (without node and script), returns the exit code; `env` defaults to the config's own reading of the environment. */
export async function tallyKey(
	argv: string[],
	out: NodeJS.WritableStream = process.stdout,
	env?: Record<string, string | undefined>,
): Promise<number> {
	const say = (line: string) => void out.write(`${line}\n`);
	let parsed: ReturnType<typeof parseCommandLine>;
	try {
		parsed = parseCommandLine(argv);
	} catch (err) {
		say(`${describeFailure(err)}\n\n${HELP}`);
		return 2;
	}
	const { values, positionals } = parsed;
	const [command, keyId, ...extra] = positionals;
	if (values.help || command === undefined) {
		say(HELP);
		return values.help ? 0 : 2;
	}
	const argsOk =
		extra.length === 0 &&
		(command === "retire" ? keyId !== undefined : keyId === undefined);
	if (!["new", "rotate", "list", "retire"].includes(command) || !argsOk) {
		say(`Unknown or incomplete command "${positionals.join(" ")}".\n\n${HELP}`);
		return 2;
	}
	let config: ReturnType<typeof loadConfig>;
	try {
		config = loadConfig(env);
	} catch (err) {
		say(err instanceof ConfigError ? err.message : describeFailure(err));
		return 2;
	}
	const file =
		values.file ??
		(config.tallyKey && "file" in config.tallyKey
			? config.tallyKey.file
			: developmentKeysAllowed(config)
				? path.resolve(config.devKeyDir, "tally-key.json")
				: undefined);
	if (!file) {
		say(`Say which key file: --file FILE or CENSUS_TALLY_KEY_FILE.\n\n${HELP}`);
		return 2;
	}
	let db: Awaited<ReturnType<typeof openDatabase>>;
	try {
		db = await openDatabase(config);
	} catch (err) {
		say(`Cannot prepare the database: ${describeFailure(err)}`);
		return 2;
	}
	const prisma = createPrismaClient(db.url, 1);
	try {
		const registry = new TallyKeyRegistry(prisma);
		switch (command) {
			case "new":
			case "rotate": {
				const key = generateTallyKey(new Date());
				if (command === "new") await createTallyKeyFile(file, [key]);
				else
					await replaceTallyKeyFile(file, [
						...(await readTallyKeyFile(file)),
						key,
					]);
				await registry.register({
					id: key.id,
					publicKey: key.publicKey,
					createdAt: new Date(key.createdAt),
				});
				say(
					`${command === "new" ? "Made" : "Added"} tally key ${key.id} in ${file}; new campaigns are sealed to it.`,
				);
				say(
					"Give this file to the tally process only, restart it, and keep a copy apart from the database backups.",
				);
				return 0;
			}
			case "list":
				return await list(registry, file, say);
			default:
				return await retire(
					registry,
					file,
					keyId as string,
					values.force ?? false,
					say,
				);
		}
	} catch (err) {
		say(
			err instanceof TallyKeyFileError
				? err.message
				: `tally-key ${command} failed: ${describeFailure(err)}`,
		);
		return 1;
	} finally {
		await prisma.$disconnect().catch(() => undefined);
		await db.close().catch(() => undefined);
	}
}

async function list(
	registry: TallyKeyRegistry,
	file: string,
	say: (line: string) => void,
): Promise<number> {
	const held = new Set(
		(await readTallyKeyFile(file).catch(() => [])).map((k) => k.id),
	);
	const keys = await registry.list();
	const active = (await registry.active())?.id;
	if (keys.length === 0)
		say("No tally key is registered yet: run `npm run tally-key -- new`.");
	for (const k of keys) {
		const using = await registry.unclosedCampaignsUsing(k.id);
		const state = k.retiredAt
			? `retired ${k.retiredAt.toISOString().slice(0, 10)}`
			: k.id === active
				? "active (new campaigns are sealed to it)"
				: "kept for older campaigns";
		say(
			`${k.id}  made ${k.createdAt.toISOString().slice(0, 10)}  ${state}; ${using.length} campaign(s) not yet closed; ${held.has(k.id) ? "in" : "not in"} ${file}`,
		);
	}
	return 0;
}

async function retire(
	registry: TallyKeyRegistry,
	file: string,
	keyId: string,
	force: boolean,
	say: (line: string) => void,
): Promise<number> {
	const keys = await readTallyKeyFile(file);
	const registered = (await registry.list()).some((k) => k.id === keyId);
	if (!keys.some((k) => k.id === keyId) && !registered) {
		say(`No tally key ${keyId} in ${file} or in the database.`);
		return 1;
	}
	const using = await registry.unclosedCampaignsUsing(keyId);
	if (using.length > 0 && !force) {
		say(
			`Not retired: ${using.length} campaign(s) not yet closed are sealed to ${keyId} (${using.map((c) => `"${c.name}", ${c.status}`).join("; ")}). Close them first; --force would make their answers unreadable for ever.`,
		);
		return 1;
	}
	await replaceTallyKeyFile(
		file,
		keys.filter((k) => k.id !== keyId),
	);
	if (registered) await registry.retire(keyId, new Date());
	say(
		`Retired ${keyId}: it is gone from ${file}. Delete every other copy of the file made before today (old secrets, the copy kept apart from backups): only then can no backup from before its campaigns closed be opened. Restart the tally process.`,
	);
	return 0;
}

if (
	process.argv[1] !== undefined &&
	fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
	process.exitCode = await tallyKey(process.argv.slice(2));
}
