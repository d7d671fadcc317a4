import { gcmOpen, hkdfKey } from "../domain/ballots/aes-gcm.js";
import {
	type CampaignKeyUnwrapper,
	TallyKeyUnavailableError,
	type WrappedCampaignKey,
} from "../domain/ballots/key-custody.js";
import { unwrapWithTallyKey } from "../domain/ballots/tally-key.js";
import type { TallyKeySet } from "./tally-key-set.js";

/** The key id of campaigns started before key custody, whose key the sealing secret wraps. */
export const legacyKeyId = "sealing-secret";

/**
 * The tally process's unwrapper: the tally keys from its key file or environment value, and the sealing secret
 * for campaigns started before key custody existed.
 */
export class LocalKeyUnwrapper implements CampaignKeyUnwrapper {
	constructor(
		private readonly keys: TallyKeySet,
		private readonly sealingSecret: string,
	) {}

	/** The ids of the keys held. */
	get keyIds(): string[] {
		return this.keys.map((k) => k.id);
	}

	async unwrap(campaignId: string, key: WrappedCampaignKey): Promise<Buffer> {
		if (key.keyId === legacyKeyId) {
			try {
				return gcmOpen(
					hkdfKey(
						Buffer.from(this.sealingSecret),
						Buffer.from(campaignId),
						"census-bot/wrap/v1",
					),
					key.wrapped,
				);
			} catch {
				throw new TallyKeyUnavailableError(key.keyId, "wrong-key");
			}
		}
		const tally = this.keys.find((k) => k.id === key.keyId);
		if (!tally) throw new TallyKeyUnavailableError(key.keyId, "missing");
		return unwrapWithTallyKey(tally, campaignId, key);
	}
}
