import { describe, expect, it } from "vitest";
import {
	CensusService,
	defaultCensusSettings,
} from "../../../src/domain/campaigns/census-service.js";
import {
	parseStartArguments,
	parseStartValues,
	type StartArguments,
} from "../../../src/domain/campaigns/parse-start-arguments.js";
import type { CensusStore } from "../../../src/domain/ports.js";
import { ephemeralCustody } from "../../../src/keys/ephemeral-custody.js";

const today = "2026-11-23";

/** A store that fails the test if touched: the form's defaults and preview read no data. */
const untouchable = new Proxy({} as CensusStore, {
	get: (_t, name) => {
		throw new Error(`the store was used: ${String(name)}`);
	},
});

const service = new CensusService(
	untouchable,
	{ now: () => new Date(`${today}T10:00:00Z`) },
	ephemeralCustody().serving,
	{
		...defaultCensusSettings,
		workingHours: "08:00-16:00,mon-thu",
		organiser: {
			runBy: "People team",
			contact: "people@example.co.uk",
			privacyUrl: "https://people.example.co.uk/privacy",
		},
	},
);

function ok(r: ReturnType<typeof parseStartValues>): StartArguments {
	if (!r.ok) throw new Error(r.problems.join("; "));
	return r.value;
}

describe("CensusService: the start form's defaults and preview", () => {
	it("gives every default as an admin would type it, the deployment's configured ones included", () => {
		expect(service.startDefaults()).toEqual({
			name: "Census 2026",
			closes: "2026-12-07",
			target: "70",
			questions: "key",
			reminders: "3",
			low: "50",
			hours: "08:00-16:00,mon-thu",
			timezone: "Europe/London",
			runby: "People team",
			contact: "people@example.co.uk",
			privacy: "https://people.example.co.uk/privacy",
		});
	});

	it("opens the same campaign whether the defaults are filled in or left out", () => {
		const filled = ok(
			parseStartValues(
				{ ...service.startDefaults(), channel: "#leadership" },
				today,
			),
		);
		const left = ok(parseStartArguments("channel=#leadership", today));
		expect(service.draft(filled, "U1")).toEqual(service.draft(left, "U1"));
	});

	it("drafts the campaign as its invitation would show it, what the admin gave over what is configured", () => {
		const args = ok(
			parseStartValues(
				{ channel: "#leadership", runby: "Board", message: "Please." },
				today,
			),
		);
		expect(service.draft(args, "U1")).toMatchObject({
			status: "draft",
			closesOn: "2026-12-07",
			minCellSize: defaultCensusSettings.minCellSize,
			organiser: {
				runBy: "Board",
				contact: "people@example.co.uk",
				privacyUrl: "https://people.example.co.uk/privacy",
				message: "Please.",
			},
		});
	});
});
