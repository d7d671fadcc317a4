// Starts a command the way a supervisor would, waits for GET /readyz to answer 200, sends SIGTERM to the
// process it started (only that one, as systemd, Docker or Kubernetes do) and checks that everything it
// started has exited with status 0 within the grace period, and that the port is free again.
// Plain JavaScript with no dependencies, so it runs in a clean folder and inside the image.
//
// Usage: node start-and-stop.mjs --url http://127.0.0.1:PORT [--grace-ms 10000] [--ready-ms 90000]
//          [--expect-log TEXT]... [--forbid-log TEXT]... [--while-ready JSON_ARGV] -- COMMAND [ARGS...]
// --while-ready runs one more command once ready (e.g. the image's HEALTHCHECK); it must exit 0.
import { execFileSync, spawn } from "node:child_process";
import { parseArgs } from "node:util";

const dash = process.argv.indexOf("--");
if (dash < 0 || dash === process.argv.length - 1) {
	console.error(
		"usage: start-and-stop.mjs --url URL [options] -- COMMAND [ARGS...]",
	);
	process.exit(2);
}
const { values } = parseArgs({
	args: process.argv.slice(2, dash),
	options: {
		url: { type: "string" },
		"grace-ms": { type: "string", default: "10000" },
		"ready-ms": { type: "string", default: "90000" },
		"expect-log": { type: "string", multiple: true, default: [] },
		"forbid-log": { type: "string", multiple: true, default: [] },
		"while-ready": { type: "string" },
	},
});
if (!values.url) {
	console.error("--url is required");
	process.exit(2);
}
const [command, ...args] = process.argv.slice(dash + 1);
const graceMs = Number(values["grace-ms"]);
const readyMs = Number(values["ready-ms"]);

let output = "";
const child = spawn(command, args, {
	detached: true, // its own process group, so anything it leaves behind can be found
	stdio: ["ignore", "pipe", "pipe"],
});
child.stdout.on("data", (d) => (output += d));
child.stderr.on("data", (d) => (output += d));
const exited = new Promise((resolve) =>
	child.once("exit", (code, signal) =>
		resolve({ code, signal, at: Date.now() }),
	),
);
let exit;
exited.then((e) => (exit = e));

function fail(message) {
	console.error(
		`FAIL: ${message}\n--- output of ${command} ${args.join(" ")}\n${output}---`,
	);
	try {
		process.kill(-child.pid, "SIGKILL");
	} catch {}
	process.exit(1);
}

function groupAlive() {
	try {
		process.kill(-child.pid, 0);
		return true;
	} catch (err) {
		return err.code !== "ESRCH";
	}
}

async function get(path) {
	try {
		const res = await fetch(new URL(path, values.url), {
			signal: AbortSignal.timeout(2000),
		});
		return { status: res.status, body: await res.text() };
	} catch (err) {
		return { error: err.cause?.code ?? err.name };
	}
}

const started = Date.now();
let ready;
for (;;) {
	if (exit)
		fail(
			`exited before it was ready (code ${exit.code}, signal ${exit.signal})`,
		);
	const r = await get("/readyz");
	if (r.status === 200) {
		ready = r;
		break;
	}
	if (Date.now() - started > readyMs)
		fail(
			`/readyz did not answer 200 within ${readyMs} ms (last: ${JSON.stringify(r)})`,
		);
	await new Promise((r) => setTimeout(r, 250));
}
const readyAfterMs = Date.now() - started;
if (values["while-ready"]) {
	const [probe, ...probeArgs] = JSON.parse(values["while-ready"]);
	try {
		execFileSync(probe, probeArgs, { stdio: "inherit", timeout: 5000 });
	} catch (err) {
		fail(`${probe} ${probeArgs.join(" ")} failed while ready: ${err.message}`);
	}
}

const signalled = Date.now();
process.kill(child.pid, "SIGTERM");
const timeout = new Promise((r) => setTimeout(() => r(undefined), graceMs));
const stopped = await Promise.race([exited, timeout]);
if (!stopped) fail(`still running ${graceMs} ms after SIGTERM`);
// The process we started is gone; whatever it started must be gone too (no orphan holding the port).
for (let i = 0; i < 20 && groupAlive(); i++)
	await new Promise((r) => setTimeout(r, 100));
if (groupAlive())
	fail("exited, but left processes of its group running (orphans)");
if (stopped.code !== 0)
	fail(
		`exited with code ${stopped.code} (signal ${stopped.signal}) after SIGTERM`,
	);
const after = await get("/healthz");
if (!after.error)
	fail(`the port still answers after exit: ${JSON.stringify(after)}`);
for (const text of values["expect-log"])
	if (!output.includes(text)) fail(`the output does not contain "${text}"`);
for (const text of values["forbid-log"])
	if (output.includes(text)) fail(`the output contains "${text}"`);

console.log(
	JSON.stringify({
		command: [command, ...args].join(" "),
		readyz: JSON.parse(ready.body),
		readyAfterMs,
		exitCode: stopped.code,
		stoppedAfterSigtermMs: stopped.at - signalled,
	}),
);
