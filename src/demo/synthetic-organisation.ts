import { catalogue, type QuestionKey } from "../domain/questions/catalogue.js";

/** One synthetic employee, with the answers they would give and how they behave. */
export type SyntheticEmployee = {
	email: string;
	department: string;
	grade: string;
	managerEmail: string | undefined;
	slackUserId: string;
	/** Their Microsoft Entra object id, which is what a roster exported from Entra holds for Teams. */
	teamsUserId: string;
	/** Which platform's id the roster gives for them (and so which platform reaches them). */
	platform: "slack" | "teams";
	behaviour: "answers" | "opts-out" | "ignores";
	answers: Partial<Record<QuestionKey, string>>;
};

/** Grades from junior to senior, with the working-class share at each (declining, like CSPS 2024). */
export const syntheticGrades = [
	{ name: "G1 Associate", workingClass: 0.44, professional: 0.33 },
	{ name: "G2 Analyst", workingClass: 0.38, professional: 0.38 },
	{ name: "G3 Manager", workingClass: 0.31, professional: 0.46 },
	{ name: "G4 Senior manager", workingClass: 0.24, professional: 0.55 },
	{ name: "G5 Director", workingClass: 0.17, professional: 0.65 },
] as const;

/** Departments and their relative sizes. */
export const syntheticDepartments = [
	["Operations", 6],
	["Engineering", 5],
	["Customer Service", 4],
	["Finance", 3],
	["Sales", 3],
	["Marketing", 2],
	["People", 2],
	["Legal", 1],
	["Strategy", 1],
] as const;

/** A small deterministic PRNG (mulberry32), so a seed gives the same organisation. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function pick<T>(rand: () => number, items: readonly T[]): T {
	return items[Math.floor(rand() * items.length)] as T;
}

function weightedPick<T>(
	rand: () => number,
	items: readonly (readonly [T, number])[],
): T {
	const total = items.reduce((sum, [, w]) => sum + w, 0);
	let r = rand() * total;
	for (const [item, w] of items) {
		r -= w;
		if (r < 0) return item;
	}
	return (items.at(-1) as readonly [T, number])[0];
}

function optionsIn(key: QuestionKey, group: string): string[] {
	return catalogue[key].options
		.filter((o) => o.group === group)
		.map((o) => o.id);
}

function keyAnswer(
	rand: () => number,
	grade: (typeof syntheticGrades)[number],
): string {
	const r = rand();
	if (r < 0.1) return rand() < 0.5 ? "occ_other" : "occ_pnts";
	const s = rand();
	if (s < grade.workingClass)
		return pick(rand, [
			"occ_technical",
			"occ_routine",
			"occ_routine",
			"occ_ltu",
		]);
	if (s < grade.workingClass + grade.professional)
		return pick(rand, optionsIn("key", "professional"));
	return pick(rand, optionsIn("key", "intermediate"));
}

/** Which platforms a synthetic organisation uses: everyone on one, or every other person on Teams. */
export type SyntheticPlatforms = "slack" | "teams" | "both";

/**
 * Generates an organisation of `size` people over nine departments and five grades (a pyramid),
 * with answers drawn so that the working-class share falls with seniority. The platforms do not change anyone's
 * answers: the same seed gives the same people on Slack, on Teams or on both.
 */
export function generateOrganisation(
	size: number,
	seed = 2026,
	platforms: SyntheticPlatforms = "slack",
): SyntheticEmployee[] {
	const rand = seededRandom(seed);
	const gradeWeights = [0.36, 0.28, 0.2, 0.11, 0.05];
	const people: SyntheticEmployee[] = [];
	for (let i = 0; i < size; i++) {
		const department = weightedPick(
			rand,
			syntheticDepartments.map(([name, w]) => [name, w] as const),
		);
		const grade = weightedPick(
			rand,
			syntheticGrades.map((g, i) => [g, gradeWeights[i] ?? 0] as const),
		);
		const b = rand();
		const answers: Partial<Record<QuestionKey, string>> = {
			key: keyAnswer(rand, grade),
		};
		if (rand() < 0.9)
			answers.school =
				rand() < 0.09
					? "sch_independent"
					: pick(rand, [
							"sch_state_nonselective",
							"sch_state_nonselective",
							"sch_state_selective",
							"sch_pnts",
						]);
		if (rand() < 0.85)
			answers.fsm =
				rand() < 0.16
					? "fsm_yes"
					: pick(rand, ["fsm_no", "fsm_no", "fsm_no", "fsm_dont_know"]);
		if (rand() < 0.85)
			answers.parents_degree = rand() < 0.45 ? "pdeg_yes" : "pdeg_no";
		people.push({
			email: `person${String(i + 1).padStart(4, "0")}@example.org`,
			department,
			grade: grade.name,
			managerEmail: i === 0 ? undefined : "person0001@example.org",
			slackUserId: `U${String(1_000_000 + i)}`,
			teamsUserId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
			platform:
				platforms === "teams" || (platforms === "both" && i % 2 === 1)
					? "teams"
					: "slack",
			behaviour: b < 0.78 ? "answers" : b < 0.83 ? "opts-out" : "ignores",
			answers,
		});
	}
	return people;
}

/** The roster CSV (the stable names in README.md columns) for the organisation. */
export function rosterCsv(people: readonly SyntheticEmployee[]): string {
	const rows = people.map((p) =>
		[
			p.email,
			p.department,
			p.grade,
			p.managerEmail ?? "",
			p.platform === "slack" ? p.slackUserId : "",
			p.platform === "teams" ? p.teamsUserId : "",
			"Europe/London",
		].join(","),
	);
	return [
		"email,department,grade,manager_email,slack_user_id,teams_user_id,timezone",
		...rows,
		"",
	].join("\n");
}
