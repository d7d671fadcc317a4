import type { GroupShare } from "../domain/reporting/campaign-report.js";
import type { MessageKey } from "../text/message-catalogue.js";
import { english, type Translator } from "../text/translator.js";

/*
 * The report's fixed names (background groups, breakdown columns, supplementary measures) in a reader's language.
 * A report keeps the English (UK) label it was closed with: the catalogue's wording replaces it only when the
 * label is the one this build knows, so a report stored with other wording keeps it.
 */

/** What makes a stored label inert in the reader's markup (our own wording is never escaped); default: none. */
type Inert = (stored: string) => string;

const asIs: Inert = (s) => s;

/**
 * `key`'s wording in `t`, when `stored` is that key's English (UK) wording; else `stored` through `inert` (someone
 * else's wording, made inert in the reader's markup).
 */
function known(
	stored: string,
	key: MessageKey | undefined,
	t: Translator,
	inert: Inert,
) {
	return key && english.t(key) === stored ? t.t(key) : inert(stored);
}

const groupKeys: Record<GroupShare["group"], MessageKey> = {
	professional: "report.group.professional",
	intermediate: "report.group.intermediate",
	working_class: "report.group.workingClass",
};

/** A background group's name in `t`'s language ("Working-class background"). */
export function groupInWords(
	g: GroupShare,
	t: Translator,
	inert: Inert = asIs,
): string {
	return known(g.label, groupKeys[g.group], t, inert);
}

const columnKeys: Record<string, MessageKey> = {
	professional: "report.column.professional",
	intermediate: "report.column.intermediate",
	working_class: "report.column.workingClass",
	professional_or_intermediate: "report.column.professionalOrIntermediate",
};

/** A breakdown column's heading in `t`'s language. */
export function columnInWords(
	c: { key: string; label: string },
	t: Translator,
): string {
	return known(c.label, columnKeys[c.key], t, asIs);
}

const measureKeys: Record<string, MessageKey> = {
	school: "report.measure.school",
	fsm: "report.measure.fsm",
	parents_degree: "report.measure.parentsDegree",
};

/** A supplementary measure's name in `t`'s language. */
export function measureInWords(
	m: { question: string; label: string },
	t: Translator,
	inert: Inert = asIs,
): string {
	return known(m.label, measureKeys[m.question], t, inert);
}

const tableKeys: Record<"group" | "grade", MessageKey> = {
	group: "report.table.group",
	grade: "report.table.grade",
};

/** A breakdown table's title ("By department") in `t`'s language. */
export function tableTitleInWords(
	table: { dimension: "group" | "grade"; title: string },
	t: Translator,
	inert: Inert = asIs,
): string {
	return known(table.title, tableKeys[table.dimension], t, inert);
}

const abbreviationKeys: Record<string, MessageKey> = {
	professional: "report.abbr.professional",
	intermediate: "report.abbr.intermediate",
	working_class: "report.abbr.workingClass",
};

/** A breakdown column's short name ("WC") in `t`'s language, for the columns that have one. */
export function columnAbbreviation(key: string, t: Translator): string | null {
	const k = abbreviationKeys[key];
	return k ? t.t(k) : null;
}
