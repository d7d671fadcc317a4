#!/usr/bin/env bash
# Replays the image's build steps (the Dockerfile, stage by stage) in a clean folder, then runs the result
# the way a supervisor would: the image's ENTRYPOINT + CMD as the image's non-root user, then `npm start`
# with a .env file. Each must answer GET /readyz with 200 and, on SIGTERM, exit 0 within 10 s leaving no
# process behind (deploy/check/start-and-stop.mjs). Needs PostgreSQL and Redis on 127.0.0.1 (as in CI).
# Usage: deploy/check/replay-image-build.sh      (KEEP_REPLAY=1 keeps the folder)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
check="$repo/deploy/check"
work="$(mktemp -d "${TMPDIR:-/tmp}/census-replay.XXXXXX")"
db="census_replay_$$"
started=$(date +%s)
cleanup() {
	psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
	redis-cli -h 127.0.0.1 --scan --pattern "{replay-$$}*" 2>/dev/null | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
	[ -n "${KEEP_REPLAY:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# The npm cache is warm after the clone's own install: use it rather than asking the registry again.
export npm_config_prefer_offline=true
echo "== replaying the Dockerfile in $work"
node "$check/replay-dockerfile.mjs" "$repo" "$work/stages" >"$work/image.json"
field() { node -e 'const i=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=i[process.argv[2]]; console.log(typeof v==="string"?v:JSON.stringify(v??null))' "$work/image.json" "$1"; }
app="$(field dir)"
user="$(field USER)"
entrypoint="$(field ENTRYPOINT)"
cmd="$(field CMD)"
healthcheck="$(field HEALTHCHECK)"
echo "final stage: $app; USER $user; ENTRYPOINT $entrypoint; CMD $cmd"
# What the runtime stage holds: production dependencies only, the compiled app, the generated client.
for p in dist/main.js dist/cli/migrate.js node_modules/.prisma/client/index.js prisma/migrations; do
	[ -e "$app/$p" ] || { echo "FAIL: the runtime stage lacks $p" >&2; exit 1; }
done
for p in src node_modules/typescript node_modules/prisma node_modules/vitest node_modules/@biomejs .env; do
	[ ! -e "$app/$p" ] || { echo "FAIL: the runtime stage holds $p, which belongs only to the build" >&2; exit 1; }
done
echo "runtime stage: $(du -sh "$app" | cut -f1), $(ls "$app/node_modules" | wc -l) top-level packages"

psql -h 127.0.0.1 -U postgres -d postgres -qc "create database \"$db\""
password="replay-pw-$$-never-logged"
database_url="postgresql://postgres:$password@127.0.0.1:5432/$db"
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
mkdir -p "$work/home"
# The checker runs as the image's user, who may not be able to read this clone (e.g. under /root).
cp "$check/start-and-stop.mjs" "$work/start-and-stop.mjs"
chmod -R a+rX "$work"
as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	uid="${user%%:*}" gid="${user##*:}"
	chown "$uid:$gid" "$work/home"
	as_user=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
fi
base_env=(PATH="$PATH" HOME="$work/home" REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL="$database_url"
	CENSUS_REDIS_PREFIX="{replay-$$}" CENSUS_SEALING_SECRET="$(node -p 'require("crypto").randomBytes(32).toString("hex")')")

# Roles web and worker: neither needs the tally key, which only the tally role (and all) holds.
echo "== the image's command, as $user: migrate, then ENTRYPOINT + CMD --role=web"
(cd "$app" && env -i "${base_env[@]}" NODE_ENV=production "${as_user[@]}" node dist/cli/migrate.js)
image_cmd=()
while IFS= read -r word; do image_cmd+=("$word"); done < <(node -e '
	const [e, c] = process.argv.slice(1).map((s) => JSON.parse(s) ?? []);
	for (const w of [...e, ...c]) console.log(w);' "$entrypoint" "$cmd")
if [ ! -x "${image_cmd[0]}" ]; then
	echo "note: ${image_cmd[0]} (the image's PID 1) is not on this host; running CMD alone" >&2
	image_cmd=("${image_cmd[@]:2}")
fi
port="$(free_port)"
(cd "$app" && env -i "${base_env[@]}" NODE_ENV=production PORT="$port" TINI_SUBREAPER=1 "${as_user[@]}" \
	node "$work/start-and-stop.mjs" --url "http://127.0.0.1:$port" --grace-ms 10000 \
	--forbid-log "$password" --while-ready "$healthcheck" -- "${image_cmd[@]}" --role=web)

echo "== npm start -- --role=worker, with settings in .env (the environment wins over it)"
port="$(free_port)"
# PORT comes from the file alone; the file's invalid prefix must lose to the environment's valid one.
printf 'PORT=%s\nCENSUS_REDIS_PREFIX=not a valid prefix!\n' "$port" >"$app/.env"
chmod a+r "$app/.env"
(cd "$app" && env -i "${base_env[@]}" NODE_ENV=production "${as_user[@]}" \
	node "$work/start-and-stop.mjs" --url "http://127.0.0.1:$port" --grace-ms 10000 \
	--expect-log "settings read from .env" --forbid-log "$password" -- npm start -- --role=worker)
echo "== the tally role, with a key file made by the image's own tally-key command"
rm -f "$app/.env"
(cd "$app" && env -i "${base_env[@]}" NODE_ENV=production "${as_user[@]}" \
	node dist/cli/tally-key.js new --file "$work/home/tally-key.json")
port="$(free_port)"
(cd "$app" && env -i "${base_env[@]}" NODE_ENV=production PORT="$port" CENSUS_TALLY_KEY_FILE="$work/home/tally-key.json" \
	"${as_user[@]}" node "$work/start-and-stop.mjs" --url "http://127.0.0.1:$port" --grace-ms 10000 \
	--expect-log "tally keys checked" --forbid-log "$password" -- "${image_cmd[@]}" --role=tally)
echo "replay passed in $(($(date +%s) - started)) s"
