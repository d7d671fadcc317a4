import type { CensusCore } from "../census-core.js";
import { CampaignCloser } from "../domain/campaigns/campaign-closer.js";
import { LocalKeyUnwrapper } from "../keys/local-key-unwrapper.js";
import { TallyKeyCheckError } from "../keys/tally-key-check-error.js";
import type { TallyKeySet } from "../keys/tally-key-set.js";
import type { Lifecycle } from "../lifecycle.js";
import { startTallyWorker } from "./tally-worker.js";
import { threadedTallier } from "./threaded-tallier.js";

/**
 * The tally role (the only one holding tally keys): checks that it can open the key of every campaign not yet
 * closed (a wrong or missing key stops the start with a clear error, long before any close), registers the public
 * halves of its keys so web processes can seal new campaigns to them, starts the worker that closes campaigns,
 * and finishes a close that was cut short.
 */
export async function startTallyRole(
	core: CensusCore,
	tallyKeys: TallyKeySet,
	life: Lifecycle,
): Promise<CampaignCloser> {
	const { store, clock, logger, keys } = core;
	const closer = new CampaignCloser(
		store,
		clock,
		{
			unwrapper: new LocalKeyUnwrapper(tallyKeys, keys.sealingSecret),
			sealingSecret: keys.sealingSecret,
		},
		// Opening a ballot is an X25519 agreement: a million take over a minute on one core.
		{ tallier: threadedTallier() },
	);
	const problems = await closer.checkKeys();
	if (problems.length > 0)
		throw new TallyKeyCheckError(
			problems.map(
				(p) =>
					`campaign ${p.campaignId} ("${p.name}"), sealed to ${p.keyId}: ${p.detail}`,
			),
		);
	// Only a key set that passed the check is registered: a wrong key file must not become where new campaigns go.
	for (const key of tallyKeys)
		await core.tallyKeyRegistry.register({
			id: key.id,
			publicKey: key.publicKey,
			createdAt: new Date(key.createdAt),
		});
	logger.info(
		{ count: tallyKeys.length, role: "tally" },
		"tally keys checked against every campaign not yet closed",
	);
	life.own(
		startTallyWorker({
			connection: core.storage.connection,
			prefix: core.redisPrefix,
			closer,
			outbox: core.outbox,
			// A tally process of its own may not be configured for the platforms: the worker's sweep routes
			// the notice. In one process with the worker, it goes now.
			dispatch: core.opts.roles.includes("worker")
				? () => core.dispatcher.pump()
				: async () => undefined,
			clock,
			logger,
		}),
		(w) => w.close(),
	);
	// A close cut short (the tally process died mid-way) is finished now, not left in `closing`.
	const unfinished = await store.findOpenCampaign();
	if (unfinished?.status === "closing") {
		await core.tallyQueue.requestClose({
			campaignId: unfinished.id,
			scheduled: false,
		});
		logger.warn(
			{ campaignId: unfinished.id, event: "close-resumed" },
			"a campaign was left closing: its close runs again",
		);
	}
	return closer;
}
