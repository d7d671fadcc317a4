/**
 * At most once per person in a period (e.g. a day): `claim` is true for the first call for `personId` in the
 * period, false for every other, across processes.
 */
export type OncePerPerson = {
	claim(personId: string): Promise<boolean>;
};
