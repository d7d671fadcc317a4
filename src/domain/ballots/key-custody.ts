/**
 * Key custody (README.md, Privacy model): a campaign's private key is stored only wrapped to a **tally key**, which the
 * processes that serve traffic never hold. Web and worker processes can wrap (seal to the tally key's public half)
 * but never unwrap; only the tally process can, when it closes the campaign.
 *
 * This is the seam for a KMS or Vault Transit: an implementation of `CampaignKeyWrapper` calls the service's
 * encrypt (or encrypts locally to the KMS key's public half), and `CampaignKeyUnwrapper` calls its decrypt, with the
 * campaign id as additional authenticated data / encryption context so a wrapped key cannot be replayed for another
 * campaign. The key id stored with each campaign names the KMS key version. `src/keys/` has the local
 * implementation (X25519 tally keys in a key file or an environment value).
 */

/** A campaign private key as stored: wrapped to the tally key `keyId`. */
export type WrappedCampaignKey = { keyId: string; wrapped: Buffer };

/** What a process that starts campaigns holds: it can wrap a new campaign key, never open one. */
export interface CampaignKeyWrapper {
	/** Wraps a campaign's private key (PKCS#8 DER) to the current tally key. */
	wrap(campaignId: string, privateKey: Buffer): Promise<WrappedCampaignKey>;
}

/** What only the tally process holds. */
export interface CampaignKeyUnwrapper {
	/** The campaign's private key (PKCS#8 DER); throws `TallyKeyUnavailableError` when it cannot. */
	unwrap(campaignId: string, key: WrappedCampaignKey): Promise<Buffer>;
}

/** No tally key is registered yet, so no campaign can be started. */
export class NoTallyKeyError extends Error {
	constructor() {
		super(
			"No tally key is registered: create one with `npm run tally-key -- new` (or start the tally process with its key)",
		);
		this.name = "NoTallyKeyError";
	}
}

/** The tally key a campaign was wrapped to is not held here, or does not open it. */
export class TallyKeyUnavailableError extends Error {
	constructor(
		readonly keyId: string,
		readonly why: "missing" | "wrong-key",
	) {
		super(
			why === "missing"
				? `tally key ${keyId} is not in this process's key set (retired, or the wrong key file)`
				: `tally key ${keyId} does not open this campaign's key (a different key with the same id, or damaged data)`,
		);
		this.name = "TallyKeyUnavailableError";
	}
}
