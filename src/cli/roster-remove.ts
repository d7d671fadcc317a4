import { createPrismaClient } from "../storage/prisma-client.js";
import { RosterRepository } from "../storage/roster-repository.js";
import { describeFailure } from "./describe-failure.js";

const simpleEmail = /^[^\s@]+@[^\s@]+$/;

/** `roster remove EMAIL…`: single leavers off the roster. 0 done, 1 some emails unknown or malformed, 2 failure. */
export async function runRosterRemove(args: {
	emails: readonly string[];
	databaseUrl: string;
	out: NodeJS.WritableStream;
}): Promise<number> {
	const say = (line: string) => void args.out.write(`${line}\n`);
	const bad = args.emails.filter((e) => !simpleEmail.test(e));
	if (bad.length > 0) {
		say(
			`Not an email address: ${bad.map((b) => JSON.stringify(b)).join(", ")}. Nobody was removed.`,
		);
		return 1;
	}
	const prisma = createPrismaClient(args.databaseUrl);
	try {
		const r = await new RosterRepository(prisma).remove(args.emails);
		say(
			`${r.removed} ${r.removed === 1 ? "person" : "people"} left the roster: not invited or counted from now on, and their details are erased once the retention period has passed.`,
		);
		if (r.alreadyInactive.length > 0)
			say(`Already off the roster: ${r.alreadyInactive.join(", ")}.`);
		if (r.unknown.length > 0) {
			say(`Not on the roster: ${r.unknown.join(", ")}.`);
			return 1;
		}
		return 0;
	} catch (err) {
		say(`Nobody was removed: ${describeFailure(err)}`);
		return 2;
	} finally {
		await prisma.$disconnect().catch(() => undefined);
	}
}
