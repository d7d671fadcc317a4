import type { CampaignReport } from "../../src/domain/reporting/campaign-report.js";

const columns = [
	{ key: "professional", label: "Professional" },
	{ key: "intermediate", label: "Intermediate" },
	{ key: "working_class", label: "Working class" },
	{
		key: "professional_or_intermediate",
		label: "Professional or intermediate",
	},
];

/**
 * A hand-written published report for rendering tests: every row status, a merged row, a collapsed row,
 * a cliff-edge verdict and all three supplementary measures. Not produced by `buildCampaignReport`.
 */
export function sampleReport(
	overrides: Partial<CampaignReport> = {},
): CampaignReport {
	return {
		format: "census-report/2",
		campaignId: "cmp_sample",
		campaignName: "Census 2026",
		closedOn: "2026-12-14",
		invited: 480,
		responded: 341,
		responseRatePercent: 71,
		targetRatePercent: 70,
		classified: 300,
		classifiableRatePercent: 90,
		minCellSize: 10,
		published: true,
		groups: [
			{
				group: "professional",
				label: "Professional background",
				percent: 45,
				benchmarkPercent: 37,
			},
			{
				group: "intermediate",
				label: "Intermediate background",
				percent: 25,
				benchmarkPercent: 24,
			},
			{
				group: "working_class",
				label: "Working-class background",
				percent: 30,
				benchmarkPercent: 39,
			},
		],
		groupsStep: 5,
		byGroup: {
			dimension: "group",
			title: "By department",
			columns,
			rows: [
				{
					name: "Engineering",
					members: ["Engineering"],
					status: "shown",
					answers: 95,
					shares: { professional: 55, intermediate: 20, working_class: 25 },
					step: 5,
				},
				{
					name: "Operations",
					members: ["Operations"],
					status: "shown",
					answers: 80,
					shares: { professional: 30, intermediate: null, working_class: 45 },
					step: 5,
				},
				{
					name: "Sales",
					members: ["Sales"],
					status: "collapsed",
					answers: 40,
					shares: { professional_or_intermediate: 50, working_class: 50 },
					step: 5,
				},
				{
					name: "Legal",
					members: ["Legal"],
					status: "hidden",
					answers: 10,
					shares: {},
					step: null,
				},
				{
					name: "Other",
					members: ["Facilities", "Security"],
					status: "too-few",
					answers: null,
					shares: {},
					step: null,
				},
			],
			footnotes: [
				"Other includes Facilities and Security.",
				"For Sales, professional and intermediate backgrounds are shown together.",
				"[c]: not shown, so that no one's answer can be worked out.",
				"Figures are rounded and may not sum to 100.",
			],
		},
		byGrade: {
			dimension: "grade",
			title: "By grade (junior to senior)",
			columns,
			rows: [
				{
					name: "G1 Associate",
					members: ["G1 Associate"],
					status: "shown",
					answers: 110,
					shares: { professional: 35, intermediate: 25, working_class: 40 },
					step: 5,
				},
				{
					name: "G2 Analyst",
					members: ["G2 Analyst"],
					status: "shown",
					answers: 90,
					shares: { professional: 40, intermediate: 25, working_class: 35 },
					step: 5,
				},
				{
					name: "G3 Manager",
					members: ["G3 Manager"],
					status: "shown",
					answers: 60,
					shares: { professional: 50, intermediate: 25, working_class: 25 },
					step: 5,
				},
				{
					name: "G4 Senior manager to G5 Director",
					members: ["G4 Senior manager", "G5 Director"],
					status: "shown",
					answers: 40,
					shares: { professional: 75, intermediate: 15, working_class: 10 },
					step: 5,
				},
			],
			footnotes: ["G4 Senior manager and G5 Director are shown together."],
		},
		progression: {
			verdict: "cliff-edge",
			cliffAt: { from: "G3 Manager", to: "G4 Senior manager to G5 Director" },
			sentence:
				"Representation of people from lower socio-economic backgrounds drops sharply between G3 Manager and G4 Senior manager to G5 Director (from 25% to 10%).",
			workingClassByGrade: [
				{ grade: "G1 Associate", percent: 40 },
				{ grade: "G2 Analyst", percent: 35 },
				{ grade: "G3 Manager", percent: 25 },
				{ grade: "G4 Senior manager to G5 Director", percent: 10 },
			],
		},
		supplementary: [
			{
				question: "school",
				label: "Went to an independent (fee-paying) school",
				percent: 15,
				answers: 290,
				benchmarkPercent: 7,
				benchmarkSource: "Elitist Britain 2019 (Sutton Trust and SMC)",
				detail: "A further 5% had a bursary covering 90% or more of fees.",
			},
			{
				question: "fsm",
				label: "Eligible for free school meals",
				percent: 10,
				answers: 250,
				benchmarkPercent: null,
				benchmarkSource: null,
				detail: null,
			},
			{
				question: "parents_degree",
				label: "First in their family to get a degree",
				percent: null,
				answers: null,
				benchmarkPercent: null,
				benchmarkSource: null,
				detail: null,
			},
		],
		takeaways: [
			"People from working-class backgrounds are 30% of respondents against 39% of the UK workforce.",
			"The biggest drop is between G3 Manager and G4 Senior manager to G5 Director: look at promotion into senior roles.",
			"Response was 71% against a 70% target: the figures are a sound basis for action.",
		],
		benchmark: {
			version: "smc-2021-05",
			source:
				"Social Mobility Commission national benchmark, May 2021 technical update (UK workforce aged 16+, Labour Force Survey)",
		},
		notes: [],
		...overrides,
	};
}
