import type { Redis } from "ioredis";
import type { GraphConfig } from "../../config.js";
import type { PlatformDirectory } from "../../domain/roster/reach.js";
import { SendPacer } from "../../jobs/send-pacer.js";
import {
	GraphClient,
	type GraphLimit,
	type GraphPacer,
} from "./graph/graph-client.js";
import { createGraphDirectory } from "./graph/graph-directory.js";
import {
	createGraphInstaller,
	type TeamsAppInstaller,
} from "./graph/graph-installer.js";
import {
	clientCredentialsToken,
	type GraphTokenSource,
} from "./graph/graph-token-source.js";

/** Teams reach through Microsoft Graph: who is who (directory) and installing the app (installer). */
export type TeamsGraphReach = {
	directory: PlatformDirectory;
	installer: TeamsAppInstaller;
	client: GraphClient;
};

const lateSlotsTaken = 100;

/**
 * Teams delivery jobs in flight when Graph installs the app before the first message. An installation is three
 * Graph calls in a row (install, find the installation, read its chat), each waiting for its slot and then for
 * Graph's answer: to keep every slot of the 30 a second used, the calls waiting must outnumber the calls answered
 * meanwhile. With 24 in flight, bench g used 84.7% of the Teams limit on a loaded 2-core machine (10,000 people,
 * 971 429s); with 1,200 people, 24 → 87%, 48 → 93%, 64 → 94%, 96 → 94%; with 64, the 10,000 used 93.3% (1,036 s
 * of installing instead of 1,142).
 */
export const graphInstallsInFlight = 64;

/**
 * A Graph limit's pacer: slots shared through Redis. After a 429 every process waits for Retry-After, and the
 * pace stays: at Graph's limit, a 429 comes from requests bunched by a late event loop, not from the pace, and
 * slowing down for it would leave a tenth of the limit unused for thousands of requests.
 */
function graphPacer(redis: Redis, key: string, perSecond: number): GraphPacer {
	const pacer = new SendPacer(redis, key, perSecond, lateSlotsTaken);
	return { wait: () => pacer.wait(), backOff: (ms) => pacer.pause(ms) };
}

/** The Redis key of a Graph limit's pacer, shared by every process of the deployment. */
export function graphPacerKey(prefix: string, limit: GraphLimit): string {
	return `${prefix}:census:graph-pacer:${limit}`;
}

/**
 * The Teams directory and installer for the reach step and the Teams delivery queue, from config: the token from
 * the bot's own app registration, every call paced (through Redis, across all processes) under Graph's Teams
 * limit or its directory limit.
 */
export function createTeamsGraphReach(
	config: GraphConfig,
	deps: {
		redis: Redis;
		redisPrefix: string;
		token?: GraphTokenSource;
		fetch?: typeof fetch;
	},
): TeamsGraphReach {
	const client = new GraphClient({
		apiUrl: config.apiUrl,
		token:
			deps.token ??
			clientCredentialsToken({
				loginUrl: config.loginUrl,
				tenantId: config.tenantId,
				clientId: config.clientId,
				clientSecret: config.clientSecret,
				...(deps.fetch ? { fetch: deps.fetch } : {}),
			}),
		pacers: {
			// A late slot is still taken: Graph counts over a second (Teams) or ten (directory), so a request a few
			// milliseconds late costs nothing, and giving its slot up would leave the limit unused.
			teams: graphPacer(
				deps.redis,
				graphPacerKey(deps.redisPrefix, "teams"),
				config.teamsPerSecond,
			),
			directory: graphPacer(
				deps.redis,
				graphPacerKey(deps.redisPrefix, "directory"),
				config.directoryPerSecond,
			),
		},
		...(deps.fetch ? { fetch: deps.fetch } : {}),
	});
	return {
		client,
		directory: createGraphDirectory(client),
		installer: createGraphInstaller(client, config.catalogAppId),
	};
}
