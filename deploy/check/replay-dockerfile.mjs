// Replays the Dockerfile's build steps in a clean folder, without a container engine: each stage's
// WORKDIR becomes a folder, COPY copies from the build context (refusing what .dockerignore leaves out) or
// from an earlier stage, RUN runs with the stage's ENV. System packages (`apt-get`) are the host's
// business here and are skipped, saying so. Prints the final stage as JSON: its folder, ENV, USER,
// ENTRYPOINT, CMD and HEALTHCHECK, for start-and-stop.mjs to run.
//
// Usage: node replay-dockerfile.mjs CONTEXT_DIR OUT_DIR
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const [context, out] = process.argv.slice(2).map((p) => path.resolve(p));
if (!context || !out) {
	console.error("usage: replay-dockerfile.mjs CONTEXT_DIR OUT_DIR");
	process.exit(2);
}

/** Top-level names .dockerignore lets in: it must be an allowlist (`*` then `!name` lines). */
function allowedByDockerignore() {
	const lines = readFileSync(path.join(context, ".dockerignore"), "utf8")
		.split("\n")
		.map((l) => l.trim())
		.filter((l) => l && !l.startsWith("#"));
	if (lines[0] !== "*")
		throw new Error(".dockerignore must start with `*` (an allowlist)");
	return new Set(
		lines
			.filter((l) => l.startsWith("!"))
			.map((l) => l.slice(1).replace(/\/$/, "")),
	);
}
const allowed = allowedByDockerignore();

const instructions = readFileSync(path.join(context, "Dockerfile"), "utf8")
	.replace(/\\\n/g, " ")
	.split("\n")
	.map((l) => l.trim())
	.filter((l) => l && !l.startsWith("#"))
	.map((l) => {
		const [op, ...rest] = l.split(/\s+/);
		return {
			op: op.toUpperCase(),
			arg: l.slice(op.length).trim(),
			words: rest,
		};
	});

const stages = new Map();
let stage;
const log = (m) => console.error(`replay: ${m}`);
for (let { op, arg, words } of instructions) {
	switch (op) {
		case "ARG":
			break;
		case "FROM": {
			const name = words[2] ?? `stage${stages.size}`;
			stage = {
				name,
				root: path.join(out, name),
				workdir: "/",
				env: {},
				config: {},
			};
			mkdirSync(stage.root, { recursive: true });
			stages.set(name, stage);
			log(`stage ${name} in ${stage.root}`);
			break;
		}
		case "WORKDIR":
			stage.workdir = arg;
			mkdirSync(path.join(stage.root, arg), { recursive: true });
			break;
		case "ENV":
			for (const m of arg.matchAll(/(\w+)=("[^"]*"|\S+)/g))
				stage.env[m[1]] = m[2].replace(/^"|"$/g, "");
			break;
		case "COPY": {
			const from = words[0].startsWith("--from=")
				? words.shift().slice(7)
				: undefined;
			const dest = words.pop();
			const destAbs = path.join(
				stage.root,
				path.posix.resolve(stage.workdir, dest),
			);
			for (const src of words) {
				let source;
				if (from) {
					const other = stages.get(from);
					if (!other) throw new Error(`COPY --from=${from}: no such stage`);
					source = path.join(
						other.root,
						path.posix.resolve(other.workdir, src),
					);
				} else {
					const top = path.posix.normalize(src).split("/")[0];
					if (!allowed.has(top))
						throw new Error(
							`COPY ${src}: .dockerignore leaves it out of the build context`,
						);
					source = path.join(context, src);
				}
				if (!existsSync(source))
					throw new Error(`COPY ${src}: not found (${source})`);
				// Docker's rules: a folder's contents go to DEST; a file goes into DEST/ or becomes DEST.
				const target =
					!statSync(source).isDirectory() && dest.endsWith("/")
						? path.join(destAbs, path.basename(src))
						: destAbs;
				mkdirSync(path.dirname(target), { recursive: true });
				cpSync(source, target, { recursive: true });
			}
			log(`COPY ${from ? `--from=${from} ` : ""}${words.join(" ")} → ${dest}`);
			break;
		}
		case "RUN": {
			// Cache mounts (the npm cache) are the host's own cache here.
			arg = arg.replace(/^(--mount=\S+\s+)+/, "");
			if (/^apt-get\b/.test(arg)) {
				log(
					`skipped (system packages come from the host here): RUN ${arg.slice(0, 80)}…`,
				);
				break;
			}
			log(`RUN ${arg}`);
			const started = Date.now();
			execFileSync("sh", ["-c", arg], {
				cwd: path.join(stage.root, stage.workdir),
				env: { ...process.env, ...stage.env },
				stdio: ["ignore", process.stderr, process.stderr],
			});
			log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
			break;
		}
		case "USER":
		case "EXPOSE":
			stage.config[op] = arg;
			break;
		case "ENTRYPOINT":
		case "CMD":
			stage.config[op] = JSON.parse(arg);
			break;
		case "HEALTHCHECK": {
			const cmd = arg.indexOf("CMD ");
			stage.config.HEALTHCHECK = JSON.parse(arg.slice(cmd + 4));
			break;
		}
		default:
			throw new Error(
				`replay-dockerfile.mjs does not know ${op}: teach it, or keep the Dockerfile simple`,
			);
	}
}
console.log(
	JSON.stringify({
		dir: path.join(stage.root, stage.workdir),
		env: stage.env,
		...stage.config,
	}),
);
