/**
 * The Social Mobility Commission question catalogue, as data (docs/smc-questions.md §1–2).
 * Option ids are stable and are what platforms send back; texts are the exact SMC wording.
 * `label` and `hint` are short forms (≤ 75 characters each) for platforms that limit option text.
 */

/** The short names admins use in `questions=` (the stable names in README.md). */
export type QuestionKey = "key" | "school" | "fsm" | "parents_degree";

/** The reporting group an option maps to for one question. */
export type OptionGroup = string;

/** One answer option. */
export type QuestionOption = {
	readonly id: string;
	readonly text: string;
	readonly label: string;
	readonly hint?: string;
	readonly group: OptionGroup;
};

/** One question of the catalogue. */
export type Question = {
	readonly key: QuestionKey;
	readonly id: string;
	readonly version: string;
	readonly text: string;
	readonly help?: string;
	readonly options: readonly QuestionOption[];
	/** The option that means "I prefer not to say"; every question has one. */
	readonly preferNotToSay: string;
};

const keyQuestion: Question = {
	key: "key",
	id: "seb.parental_occupation_14",
	version: "smc-2021",
	text: "What was the occupation of your main household earner when you were about aged 14?",
	preferNotToSay: "occ_pnts",
	options: [
		{
			id: "occ_professional",
			text: "Modern professional & traditional professional occupations such as: teacher, nurse, physiotherapist, social worker, musician, police officer (sergeant or above), software designer, accountant, solicitor, medical practitioner, scientist, civil / mechanical engineer.",
			label: "Modern or traditional professional occupations",
			hint: "e.g. teacher, nurse, social worker, accountant, solicitor, engineer",
			group: "professional",
		},
		{
			id: "occ_manager",
			text: "Senior, middle or junior managers or administrators such as: finance manager, chief executive, large business owner, office manager, retail manager, bank manager, restaurant manager, warehouse manager.",
			label: "Senior, middle or junior managers or administrators",
			hint: "e.g. finance manager, chief executive, office or retail manager",
			group: "professional",
		},
		{
			id: "occ_clerical",
			text: "Clerical and intermediate occupations such as: secretary, personal assistant, call centre agent, clerical worker, nursery nurse.",
			label: "Clerical and intermediate occupations",
			hint: "e.g. secretary, personal assistant, call centre agent, nursery nurse",
			group: "intermediate",
		},
		{
			id: "occ_technical",
			text: "Technical and craft occupations such as: motor mechanic, plumber, printer, electrician, gardener, train driver.",
			label: "Technical and craft occupations",
			hint: "e.g. motor mechanic, plumber, electrician, gardener, train driver",
			group: "working_class",
		},
		{
			id: "occ_routine",
			text: "Routine, semi-routine manual and service occupations such as: postal worker, machine operative, security guard, caretaker, farm worker, catering assistant, sales assistant, HGV driver, cleaner, porter, packer, labourer, waiter/waitress, bar staff.",
			label: "Routine, semi-routine manual and service occupations",
			hint: "e.g. postal worker, security guard, sales assistant, cleaner, bar staff",
			group: "working_class",
		},
		{
			id: "occ_ltu",
			text: "Long-term unemployed (claimed Jobseeker\u2019s Allowance or earlier unemployment benefit for more than a year).",
			label: "Long-term unemployed",
			hint: "claimed Jobseeker\u2019s Allowance or similar for more than a year",
			group: "working_class",
		},
		{
			id: "occ_small_business",
			text: "Small business owners who employed less than 25 people such as: corner shop owners, small plumbing companies, retail shop owner, single restaurant or cafe owner, taxi owner, garage owner.",
			label: "Small business owners who employed less than 25 people",
			hint: "e.g. corner shop, small plumbing company, single cafe, taxi owner",
			group: "intermediate",
		},
		{
			id: "occ_other",
			text: "Other such as: retired, this question does not apply to me, I don\u2019t know.",
			label: "Other",
			hint: "e.g. retired, this question does not apply to me, I don\u2019t know",
			group: "excluded",
		},
		{
			id: "occ_pnts",
			text: "I prefer not to say.",
			label: "I prefer not to say",
			group: "excluded",
		},
	],
};

const schoolQuestion: Question = {
	key: "school",
	id: "seb.school_type_11_16",
	version: "school_v2021",
	text: "Which type of school did you attend for the most time between the ages of 11 and 16?",
	preferNotToSay: "sch_pnts",
	options: [
		{
			id: "sch_state_selective",
			text: "A state-run or state-funded school \u2013 selective on academic, faith or other grounds",
			label: "State-run or state-funded school \u2013 selective",
			hint: "selective on academic, faith or other grounds",
			group: "state",
		},
		{
			id: "sch_state_nonselective",
			text: "A state-run or state-funded school \u2013 non-selective",
			label: "State-run or state-funded school \u2013 non-selective",
			group: "state",
		},
		{
			id: "sch_independent",
			text: "Independent or fee-paying school",
			label: "Independent or fee-paying school",
			group: "independent",
		},
		{
			id: "sch_independent_bursary",
			text: "Independent or fee-paying school, where I received a bursary covering 90% or more of my tuition",
			label: "Independent or fee-paying school, with a bursary",
			hint: "a bursary covering 90% or more of my tuition",
			group: "independent_bursary",
		},
		{
			id: "sch_outside_uk",
			text: "Attended school outside the UK",
			label: "Attended school outside the UK",
			group: "excluded",
		},
		{
			id: "sch_dont_know",
			text: "I don't know",
			label: "I don't know",
			group: "excluded",
		},
		{
			id: "sch_pnts",
			text: "I prefer not to say",
			label: "I prefer not to say",
			group: "excluded",
		},
	],
};

const fsmQuestion: Question = {
	key: "fsm",
	id: "seb.fsm",
	version: "fsm_v2021",
	text: "If you finished school after 1980, were you eligible for free school meals at any point during your school years?",
	help: "Free school meals are available to school-aged children from families who receive other qualifying benefits and who have been through the relevant registration process. It does not include those who receive meals at school through other means (e.g. boarding school).",
	preferNotToSay: "fsm_pnts",
	options: [
		{ id: "fsm_yes", text: "Yes", label: "Yes", group: "fsm" },
		{ id: "fsm_no", text: "No", label: "No", group: "not_fsm" },
		{
			id: "fsm_na",
			text: "Not applicable (finished school before 1980 or went to school overseas)",
			label: "Not applicable",
			hint: "finished school before 1980 or went to school overseas",
			group: "excluded",
		},
		{
			id: "fsm_dont_know",
			text: "I don't know",
			label: "I don't know",
			group: "excluded",
		},
		{
			id: "fsm_pnts",
			text: "I prefer not to say",
			label: "I prefer not to say",
			group: "excluded",
		},
	],
};

const parentsDegreeQuestion: Question = {
	key: "parents_degree",
	id: "seb.parents_degree_18",
	version: "pdeg_v2023",
	text: "Did either of your parents attend university and gain a degree (e.g. BA/BSc or equivalent) by the time you were 18?",
	preferNotToSay: "pdeg_pnts",
	options: [
		{
			id: "pdeg_no",
			text: "No, neither of my parents attended university",
			label: "No, neither of my parents attended university",
			group: "first_generation",
		},
		{
			id: "pdeg_yes",
			text: "Yes, one or both of my parents attended university",
			label: "Yes, one or both of my parents attended university",
			group: "not_first_generation",
		},
		{
			id: "pdeg_dont_know",
			text: "Do not know / not sure",
			label: "Do not know / not sure",
			group: "excluded",
		},
		{
			id: "pdeg_pnts",
			text: "I prefer not to say",
			label: "I prefer not to say",
			group: "excluded",
		},
	],
};

/** Every question, keyed by its short name, in the order they are asked. */
export const catalogue: Readonly<Record<QuestionKey, Question>> = {
	key: keyQuestion,
	school: schoolQuestion,
	fsm: fsmQuestion,
	parents_degree: parentsDegreeQuestion,
};

/** The question keys in asking order. */
export const questionKeys: readonly QuestionKey[] = [
	"key",
	"school",
	"fsm",
	"parents_degree",
];

/** True when `s` names a question in the catalogue. */
export function isQuestionKey(s: string): s is QuestionKey {
	return (questionKeys as readonly string[]).includes(s);
}
