#!/usr/bin/env bash
# Builds the real image here, where no registry is reachable, and runs it: the base is made with
# debootstrap (make-base-image.sh, cached), the Dockerfile is built with podman (--isolation chroot), and
# the image's own ENTRYPOINT + CMD is started inside it with `buildah run` on the host network against the
# local PostgreSQL and Redis: /readyz must answer 200 and SIGTERM must end it with status 0 within 10 s
# (deploy/check/start-and-stop.mjs, mounted read-only). Not part of CI: the first run takes 10+ minutes.
# Usage: deploy/image/build-image.sh [IMAGE]      (root; podman, buildah, debootstrap from Debian's packages)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
image="${1:-localhost/census-bot:dev}"
base="${CENSUS_BASE_IMAGE:-localhost/census-base:bookworm-node20}"
started=$(date +%s)

"$repo/deploy/image/make-base-image.sh" "$base"

echo "== podman build ($image from $base)"
podman build --isolation chroot --network host --format docker \
	--build-arg BASE_IMAGE="$base" -t "$image" "$repo"
podman image inspect "$image" --format \
	'user={{.Config.User}} entrypoint={{json .Config.Entrypoint}} cmd={{json .Config.Cmd}} healthcheck={{json .Config.Healthcheck.Test}} size={{.Size}}'

# The image's own HEALTHCHECK command (["CMD", …] without "CMD"), run inside it while the app is ready.
healthcheck="$(podman image inspect "$image" --format '{{json .Config.Healthcheck.Test}}' | node -e '
	const t = JSON.parse(require("fs").readFileSync(0, "utf8"));
	if (!Array.isArray(t) || t[0] !== "CMD") throw new Error("the image has no exec-form HEALTHCHECK");
	console.log(JSON.stringify(t.slice(1)));')"
echo "== running the image's command inside it"
db="census_image_$$"
ctr=""
cleanup() {
	[ -z "$ctr" ] || buildah rm "$ctr" >/dev/null 2>&1 || true
	psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database \"$db\""
ctr="$(buildah from "$image")"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
password="image-pw-$$-never-logged"
run=(buildah run --isolation chroot --network host
	--env DATABASE_URL="postgresql://postgres:$password@127.0.0.1:5432/$db"
	--env REDIS_URL=redis://127.0.0.1:6379 --env CENSUS_REDIS_PREFIX="{image-$$}" --env PORT="$port"
	--env CENSUS_SEALING_SECRET="$(node -p 'require("crypto").randomBytes(32).toString("hex")')"
	--env TINI_SUBREAPER=1
	-v "$repo/deploy/check:/check:ro" "$ctr" --)
"${run[@]}" node dist/cli/migrate.js
"${run[@]}" sh -c 'echo "inside: uid $(id -u), $(node --version), tini $(tini --version | cut -d" " -f3), fonts: $(ls /usr/share/fonts/truetype/dejavu | wc -l) DejaVu files"'
"${run[@]}" node /check/start-and-stop.mjs --url "http://127.0.0.1:$port" --grace-ms 10000 \
	--forbid-log "$password" \
	--while-ready "$healthcheck" \
	-- /usr/bin/tini -- node dist/main.js --role=web
echo "image built and checked in $(($(date +%s) - started)) s"
