import { randomBytes } from "node:crypto";
import {
	generateTallyKey,
	type TallyKeyPair,
} from "../domain/ballots/tally-key.js";
import type { TallyCustody } from "../domain/campaigns/campaign-closer.js";
import type { ServingCustody } from "../domain/campaigns/census-service.js";
import { LocalKeyUnwrapper } from "./local-key-unwrapper.js";
import { RegisteredKeyWrapper } from "./registered-key-wrapper.js";
import { serializeTallyKeySet } from "./tally-key-set.js";

/** Keys made in memory for one run that keeps nothing (the demo, a benchmark, a test): both halves of the custody. */
export type EphemeralCustody = {
	sealingSecret: string;
	tallyKey: TallyKeyPair;
	/** The tally key file's text, for `CENSUS_TALLY_KEY`. */
	tallyKeyText: string;
	/** What a web or worker process holds. */
	serving: ServingCustody;
	/** What the tally process holds. */
	tally: TallyCustody;
};

/** A fresh sealing secret and tally key, with the real wrapper and unwrapper over them. */
export function ephemeralCustody(now = new Date()): EphemeralCustody {
	const sealingSecret = randomBytes(32).toString("hex");
	const tallyKey = generateTallyKey(now);
	return {
		sealingSecret,
		tallyKey,
		tallyKeyText: serializeTallyKeySet([tallyKey]),
		serving: {
			sealingSecret,
			wrapper: new RegisteredKeyWrapper({ active: async () => tallyKey }),
		},
		tally: {
			sealingSecret,
			unwrapper: new LocalKeyUnwrapper([tallyKey], sealingSecret),
		},
	};
}
