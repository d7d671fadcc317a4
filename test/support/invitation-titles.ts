/**
 * The invitation's title in the two languages the language tests tell apart, written out (not read from the
 * catalogue) so that those tests also notice the words themselves changing.
 */
export const welshTitle = "Cwestiwn byr, dienw am eich cefndir";
export const englishTitle = "A short, anonymous question about your background";
