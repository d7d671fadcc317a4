/** A versioned national benchmark for the key question's three groups (docs/smc-questions.md §3.1). */
export type KeyQuestionBenchmark = {
	readonly version: string;
	readonly professional: number;
	readonly intermediate: number;
	readonly working_class: number;
	readonly source: string;
};

/** SMC national benchmark after the May 2021 technical update (UK workforce, LFS). */
export const nationalBenchmark: KeyQuestionBenchmark = {
	version: "smc-2021-05",
	professional: 0.37,
	intermediate: 0.24,
	working_class: 0.39,
	source:
		"Social Mobility Commission national benchmark, May 2021 technical update (UK workforce aged 16+, Labour Force Survey)",
};

/** Share of the population that attended an independent school (Elitist Britain 2019). */
export const independentSchoolBenchmark = {
	version: "elitist-britain-2019",
	share: 0.07,
	source: "Elitist Britain 2019 (Sutton Trust and Social Mobility Commission)",
} as const;
