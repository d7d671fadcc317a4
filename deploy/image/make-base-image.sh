#!/usr/bin/env bash
# Makes a stand-in for node:20-bookworm-slim where no image registry is reachable: Debian bookworm
# (debootstrap, minbase) plus this machine's own Node 20 and npm, imported into podman's image store.
# The result is cached outside the clone (CENSUS_IMAGE_CACHE) and reused while it exists.
# Usage: deploy/image/make-base-image.sh [IMAGE_NAME]   (root; needs debootstrap and podman)
set -euo pipefail
base="${1:-localhost/census-base:bookworm-node20}"
cache="${CENSUS_IMAGE_CACHE:-/var/cache/census-bot-image}"

if podman image exists "$base"; then
	echo "base image $base already built"
	exit 0
fi
node_bin="$(command -v node)"
case "$("$node_bin" --version)" in
v20.*) ;;
*) echo "this machine's node is $("$node_bin" --version); the base needs Node 20" >&2; exit 1 ;;
esac
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
rootfs="$cache/rootfs"
if [ ! -x "$rootfs/usr/local/bin/node" ]; then
	rm -rf "$rootfs"
	mkdir -p "$cache"
	echo "== debootstrap bookworm (minbase) into $rootfs"
	debootstrap --variant=minbase bookworm "$rootfs" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -20 "$cache/debootstrap.log" >&2; exit 1; }
	install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
	mkdir -p "$rootfs/usr/local/lib/node_modules"
	cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
	ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
	ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
	chroot "$rootfs" apt-get clean
	rm -rf "$rootfs"/var/lib/apt/lists/*
fi
# This machine reaches the npm registry through a TLS proxy whose CA only its own trust store holds: the
# stand-in base trusts what this machine trusts (the official node image needs nothing of the kind).
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
mkdir -p "$rootfs/usr/local/etc"
echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
echo "== importing $base"
tar -C "$rootfs" -c . | podman import \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'CMD ["node"]' - "$base" >/dev/null
echo "base image $base: Debian $(cat "$rootfs/etc/debian_version"), node $("$rootfs/usr/local/bin/node" --version)"
