# census-bot: one image for every role; the command chooses it (docs/operations.md).
#   web     node dist/main.js --role=web      Slack and Teams endpoints, /healthz, /readyz
#   worker  node dist/main.js --role=worker   delivery queues, campaign clock, outbox sweep
#   tally   node dist/main.js --role=tally    the only holder of the tally key; exactly one
#   all     node dist/main.js                 everything in one process (the default)
# Database migrations: node dist/cli/migrate.js (run once, before new app processes start).
#
# The base is a build argument so the image can also be built where no registry is reachable:
# deploy/image/build-image.sh makes a Debian bookworm + Node 20 base with debootstrap.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Dependency install scripts stay off, as npm 11's allowScripts has them here; the only script the app
# needs is its own postinstall, which generates the Prisma client (offline: DATABASE_URL just has to be set).
RUN --mount=type=cache,target=/root/.npm \
	npm ci --ignore-scripts --no-audit --no-fund \
	&& DATABASE_URL=postgresql://localhost/offline npx prisma generate
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${BASE_IMAGE} AS runtime
# tini: a PID 1 that passes SIGTERM on and reaps; DejaVu Sans: the font the report chart is drawn in.
RUN apt-get update \
	&& apt-get install -y --no-install-recommends tini fonts-dejavu-core \
	&& rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
	PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# npm keeps prisma's CLI and TypeScript as optional peers of @prisma/client; the app needs neither at run time.
RUN --mount=type=cache,target=/root/.npm \
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
	&& rm -rf node_modules/prisma node_modules/typescript node_modules/.bin/prisma node_modules/.bin/tsc node_modules/.bin/tsserver
# The generated Prisma client, the compiled app and the SQL migrations the app applies; nothing else.
COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma
COPY --from=build /app/dist ./dist
COPY prisma/migrations ./prisma/migrations
# Any non-root uid works (OpenShift picks its own); the app writes nothing to its folder with DATABASE_URL set.
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
