import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import {
	type InvitationJob,
	invitationJobSchema,
	queueNames,
} from "./job-definitions.js";

/** Sends one invitation; returns false when there was nothing to send. */
export type SendInvitation = (job: InvitationJob) => Promise<boolean>;

/** Starts the worker that delivers invitations; payloads are validated before use. */
export function startInvitationWorker(opts: {
	connection: Redis;
	prefix: string;
	send: SendInvitation;
	logger: Logger;
	concurrency?: number;
}): Worker<InvitationJob> {
	const worker = new Worker<InvitationJob>(
		queueNames.invitations,
		async (job) => {
			const parsed = invitationJobSchema.safeParse(job.data);
			if (!parsed.success)
				throw new UnrecoverableError("invalid invitation job payload");
			return opts.send(parsed.data);
		},
		{
			connection: opts.connection,
			prefix: opts.prefix,
			concurrency: opts.concurrency ?? 8,
		},
	);
	worker.on("failed", (job, err) => {
		opts.logger.warn(
			{
				queue: queueNames.invitations,
				jobId: job?.id,
				attempts: job?.attemptsMade,
				err,
			},
			"invitation job failed",
		);
	});
	worker.on("error", (err) =>
		opts.logger.error({ queue: queueNames.invitations, err }, "worker error"),
	);
	return worker;
}
