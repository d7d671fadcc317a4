import { makeBallot } from "../../src/domain/ballots/ballot.js";
import {
	generateCampaignKeys,
	sealBallot,
} from "../../src/domain/ballots/ballot-sealer.js";
import { ephemeralCustody } from "../../src/keys/ephemeral-custody.js";

// Seals argv[2] ballots to one campaign key, then exits: run with a tiny young generation so that garbage
// collections fall inside the sealing calls.
const n = Number(process.argv[2] ?? 1000);
const { publicKey } = await generateCampaignKeys(
	ephemeralCustody().serving.wrapper,
	"campaign",
);
const ballot = makeBallot({ key: "occ_routine" }, "Group", "G1");
for (let i = 0; i < n; i++) sealBallot(publicKey, ballot);
process.stdout.write(`sealed ${n}\n`);
