/** The tally process cannot open the key of a campaign not yet closed. */
export class TallyKeyCheckError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`The tally keys given to this process cannot close every open campaign:\n${problems.map((p) => `  - ${p}`).join("\n")}\nStart it with the key file those campaigns were sealed to (CENSUS_TALLY_KEY_FILE).`,
		);
		this.name = "TallyKeyCheckError";
	}
}
