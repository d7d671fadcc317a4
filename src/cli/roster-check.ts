import { writeFile } from "node:fs/promises";
import { Redis } from "ioredis";
import { reachLines, unreachableCsv } from "../chat/admin/reach-lines.js";
import { reachDirectories } from "../chat/reach-directories.js";
import type { Config } from "../config.js";
import type { Platform } from "../domain/deliveries/platform.js";
import { resolveReach } from "../domain/roster/resolve-reach.js";
import { createLogger } from "../logger.js";
import { createPrismaClient } from "../storage/prisma-client.js";
import { ReachRepository } from "../storage/reach-repository.js";
import {
	type ResolvedRedis,
	resolveRedis,
} from "../storage/redis-connection.js";
import { describeFailure } from "./describe-failure.js";

const plain = { bold: (s: string) => s, escape: (s: string) => s };

/**
 * `roster check`: resolves the whole roster against every configured platform (nothing is sent), records who can be
 * reached, prints the counts and writes the unreachable (email, reason) to `csvFile` when given. 0 when anyone can
 * be reached, 1 when nobody can, 2 when it could not run or a platform's people directory failed (a refused token,
 * a missing scope, an outage: that platform's people were judged on the roster's ids alone, so the counts are not
 * a check).
 */
export async function runRosterCheck(args: {
	config: Config;
	platforms: readonly Platform[];
	databaseUrl: string;
	csvFile: string | undefined;
	out: NodeJS.WritableStream;
	progress: boolean;
}): Promise<number> {
	const say = (line: string) => void args.out.write(`${line}\n`);
	if (args.platforms.length === 0) {
		say(
			"Neither Slack nor Teams is configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or the TEAMS_ variables), so nobody can be reached.",
		);
		return 1;
	}
	const logger = createLogger("warn", process.stderr);
	const prisma = createPrismaClient(args.databaseUrl);
	// Graph's calls are paced through Redis, shared with the running bot's, so a check never crowds its limits.
	let redis: { resolved: ResolvedRedis; connection: Redis } | undefined;
	try {
		if (args.config.teams && args.config.graph) {
			const resolved = await resolveRedis({
				redisUrl: args.config.redisUrl,
				dataDir: args.config.dataDir,
			});
			redis = {
				resolved,
				connection: new Redis(resolved.url, { maxRetriesPerRequest: null }),
			};
		}
		let lastTenth = -1;
		const report = await resolveReach({
			roster: new ReachRepository(prisma),
			platforms: args.platforms,
			directories: reachDirectories(
				args.config,
				logger,
				redis && {
					connection: redis.connection,
					prefix: args.config.redisPrefix,
				},
			),
			now: () => new Date(),
			onProgress: (platform, settled, total) => {
				const tenth = total === 0 ? 10 : Math.floor((settled / total) * 10);
				if (args.progress && tenth !== lastTenth) {
					lastTenth = tenth;
					process.stderr.write(
						`Looking people up in ${platform}: ${tenth * 10}%\n`,
					);
				}
			},
		});
		if (report.people === 0) {
			say(
				"The roster is empty. Import it first: npm run roster -- import FILE.csv",
			);
			return 1;
		}
		for (const line of reachLines(plain, report)) say(line);
		if (args.csvFile) {
			await writeFile(args.csvFile, unreachableCsv(report), { mode: 0o600 });
			say(
				`The ${report.unreachable.length} who cannot be reached are listed in ${args.csvFile}.`,
			);
		} else if (report.unreachable.length > 0)
			say("Add --csv FILE to list them (email and reason).");
		if (report.failures.length > 0) return 2;
		return report.reachable > 0 ? 0 : 1;
	} catch (err) {
		say(`The reach check failed: ${describeFailure(err)}`);
		return 2;
	} finally {
		await prisma.$disconnect().catch(() => undefined);
		redis?.connection.disconnect();
		await redis?.resolved.stop().catch(() => undefined);
	}
}
