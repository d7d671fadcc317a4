import {
	type CampaignKeyWrapper,
	NoTallyKeyError,
	type WrappedCampaignKey,
} from "../domain/ballots/key-custody.js";
import { wrapToTallyKey } from "../domain/ballots/tally-key.js";

/** Where the current tally public key comes from (the registry in PostgreSQL). */
export type ActiveTallyKey = {
	active(): Promise<{ id: string; publicKey: Buffer } | null>;
};

/**
 * The wrapper every process that starts campaigns holds: it seals to the newest registered tally public key, read
 * afresh for each campaign so a rotation takes effect at once. It holds nothing that can open a campaign key.
 */
export class RegisteredKeyWrapper implements CampaignKeyWrapper {
	constructor(private readonly keys: ActiveTallyKey) {}

	async wrap(
		campaignId: string,
		privateKey: Buffer,
	): Promise<WrappedCampaignKey> {
		const active = await this.keys.active();
		if (!active) throw new NoTallyKeyError();
		return wrapToTallyKey(active, campaignId, privateKey);
	}
}
