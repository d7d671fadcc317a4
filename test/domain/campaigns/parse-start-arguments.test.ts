import { describe, expect, it } from "vitest";
import { startProblemText } from "../../../src/chat/admin/start-problem-text.js";
import {
	type ParseResult,
	parseStartArguments,
	parseStartValues,
	tokenize,
} from "../../../src/domain/campaigns/parse-start-arguments.js";
import { english } from "../../../src/text/translator.js";

const today = "2026-11-23";
const channel = "channel=#leadership";

function ok(r: ParseResult) {
	if (!r.ok)
		throw new Error(
			`expected success, got problems: ${r.problems.map((p) => p.code).join("; ")}`,
		);
	return r.value;
}

/** The problems as an English-speaking admin reads them. */
function problems(r: ParseResult): string[] {
	if (r.ok)
		throw new Error(`expected problems, got ${JSON.stringify(r.value)}`);
	return r.problems.map((p) => startProblemText(p, english));
}

describe("parseStartArguments: valid input", () => {
	it("parses the DESIGN example exactly", () => {
		expect(
			parseStartArguments(
				'name="Census 2026" closes=2026-12-14 channel=#leadership target=70 questions=key,school,fsm,parents_degree',
				today,
			),
		).toEqual({
			ok: true,
			value: {
				name: "Census 2026",
				closesOn: "2026-12-14",
				channel: "#leadership",
				targetRate: 70,
				questions: ["key", "school", "fsm", "parents_degree"],
			},
		});
	});

	it("accepts Slack's curly smart quotes around a name", () => {
		expect(
			ok(
				parseStartArguments(`name=\u201cPeople census\u201d ${channel}`, today),
			).name,
		).toBe("People census");
		expect(
			ok(parseStartArguments(`name=\u201dQ4 census\u201d ${channel}`, today))
				.name,
		).toBe("Q4 census");
	});

	it("takes the channel id from a Slack channel mention", () => {
		expect(
			ok(parseStartArguments("channel=<#C0123ABC|leadership>", today)).channel,
		).toBe("C0123ABC");
		expect(ok(parseStartArguments("channel=<#C0123ABC>", today)).channel).toBe(
			"C0123ABC",
		);
		expect(ok(parseStartArguments("channel=C0123ABC", today)).channel).toBe(
			"C0123ABC",
		);
	});

	it("fills in the defaults: named after the year, closes in 14 days, target 70, key only", () => {
		expect(ok(parseStartArguments(channel, today))).toEqual({
			name: "Census 2026",
			closesOn: "2026-12-07",
			channel: "#leadership",
			targetRate: 70,
			questions: ["key"],
		});
		expect(ok(parseStartArguments(channel, "2026-12-25")).closesOn).toBe(
			"2027-01-08",
		);
	});

	it("puts questions in asking order and drops duplicates", () => {
		expect(
			ok(
				parseStartArguments(
					`${channel} questions=fsm,key,Parents_Degree,fsm,key`,
					today,
				),
			).questions,
		).toEqual(["key", "fsm", "parents_degree"]);
	});

	it("accepts the boundary values: closes tomorrow, target 1 and 100", () => {
		expect(
			ok(parseStartArguments(`${channel} closes=2026-11-24`, today)).closesOn,
		).toBe("2026-11-24");
		expect(
			ok(parseStartArguments(`${channel} target=1`, today)).targetRate,
		).toBe(1);
		expect(
			ok(parseStartArguments(`${channel} target=100`, today)).targetRate,
		).toBe(100);
	});

	it("ignores extra spaces and the order of arguments, and trims the name", () => {
		expect(
			ok(
				parseStartArguments(
					`  target=80   ${channel}   name=" Drive "  `,
					today,
				),
			),
		).toMatchObject({ name: "Drive", targetRate: 80, channel: "#leadership" });
	});
});

describe("parseStartArguments: problems", () => {
	it("names an unknown argument", () => {
		expect(
			problems(parseStartArguments(`${channel} colour=blue`, today)),
		).toEqual([expect.stringContaining('"colour"')]);
	});

	it("names an argument given twice", () => {
		expect(
			problems(parseStartArguments(`${channel} target=60 target=70`, today)),
		).toEqual([expect.stringMatching(/^target .*twice/)]);
	});

	it("reports text that is not key=value", () => {
		expect(problems(parseStartArguments(`${channel} please`, today))).toEqual([
			expect.stringContaining('"please"'),
		]);
	});

	it.each([
		["2026-11-23", "today"],
		["2026-01-01", "a past date"],
		["2026-02-30", "an impossible date"],
		["2026-13-01", "month 13"],
		["14/12/2026", "a non-ISO date"],
		["tomorrow", "a word"],
		["", "an empty value"],
	])("rejects closes=%s (%s)", (closes) => {
		expect(
			problems(parseStartArguments(`${channel} closes=${closes}`, today)),
		).toEqual([expect.stringMatching(/^closes must be/)]);
	});

	it("requires a channel", () => {
		expect(problems(parseStartArguments('name="Census"', today))).toEqual([
			expect.stringMatching(/^channel is required/),
		]);
	});

	it.each([
		["19:abc@thread.tacv2"],
		["19:8a1b_C-2.x@thread.skype"],
		["19:d4e5f6a7b8c94e0f@thread.tacv2"],
	])("takes a Teams channel id: channel=%s", (c) => {
		expect(ok(parseStartArguments(`channel=${c}`, today)).channel).toBe(c);
	});

	it("defaults the channel to the one the command came from, when given one", () => {
		const here = { defaultChannel: "19:leaders@thread.tacv2" };
		expect(ok(parseStartArguments('name="Census"', today, here)).channel).toBe(
			"19:leaders@thread.tacv2",
		);
		expect(
			ok(parseStartArguments("channel=19:other@thread.tacv2", today, here))
				.channel,
		).toBe("19:other@thread.tacv2");
		expect(ok(parseStartArguments(channel, today, here)).channel).toBe(
			"#leadership",
		);
		expect(
			problems(
				parseStartArguments("", today, { defaultChannel: "a:personal-29:x" }),
			),
		).toEqual([expect.stringMatching(/^channel must be/)]);
	});

	it.each([
		["#Leadership"],
		["leadership"],
		["<@U0123ABC>"],
		["#"],
		["19:abc@thread.tacv3"],
		["19:abc@thread.tacv2;messageid=1"],
		["19:@thread.tacv2"],
		["29:abc@thread.tacv2"],
	])("rejects channel=%s", (c) => {
		expect(problems(parseStartArguments(`channel=${c}`, today))).toEqual([
			expect.stringMatching(/^channel must be/),
		]);
	});

	it.each([["0"], ["101"], ["abc"], ["-5"], ["70.5"], ["1000"], [""]])(
		"rejects target=%s",
		(target) => {
			expect(
				problems(parseStartArguments(`${channel} target=${target}`, today)),
			).toEqual([expect.stringMatching(/^target must be/)]);
		},
	);

	it("names an unknown question", () => {
		expect(
			problems(
				parseStartArguments(`${channel} questions=key,ethnicity`, today),
			),
		).toEqual([expect.stringContaining('unknown question "ethnicity"')]);
	});

	it("requires the key question", () => {
		expect(
			problems(parseStartArguments(`${channel} questions=school,fsm`, today)),
		).toEqual([expect.stringMatching(/^questions must include key/)]);
	});

	it("rejects an empty or over-long name", () => {
		for (const name of ['name=""', `name=${"n".repeat(81)}`])
			expect(
				problems(parseStartArguments(`${channel} ${name}`, today)),
			).toEqual([expect.stringMatching(/^name must be/)]);
		expect(
			ok(parseStartArguments(`${channel} name=${"n".repeat(80)}`, today)).name,
		).toHaveLength(80);
	});

	it("reports several problems together, one per argument", () => {
		const found = problems(
			parseStartArguments(
				"colour=red closes=2026-02-30 target=0 questions=school,nope name=a name=b",
				today,
			),
		);
		expect(found).toHaveLength(6);
		for (const pattern of [
			/"colour"/,
			/^name .*twice/,
			/^closes must be/,
			/^channel is required/,
			/^target must be/,
			/unknown question "nope"/,
		])
			expect(
				found.some((p) => pattern.test(p)),
				String(pattern),
			).toBe(true);
	});
});

describe("tokenize", () => {
	it("splits pairs, keeps quoted spaces, lower-cases keys and collects stray words", () => {
		expect(tokenize('Name="A b" closes=2026-12-01 stray x=')).toEqual({
			pairs: [
				["name", "A b"],
				["closes", "2026-12-01"],
				["x", ""],
			],
			stray: ["stray"],
		});
	});
});

describe("parseStartArguments: grades", () => {
	it("takes the grade order, junior first, trimmed", () => {
		expect(
			ok(parseStartArguments(`${channel} grades="AO, EO,HEO ,G7,SCS"`, today))
				.grades,
		).toEqual(["AO", "EO", "HEO", "G7", "SCS"]);
	});

	it("leaves the order to the roster when no grades are given", () => {
		expect(ok(parseStartArguments(channel, today)).grades).toBeUndefined();
	});

	it("names a single grade, an empty list and a repeated grade as problems", () => {
		expect(
			problems(parseStartArguments(`${channel} grades=AO`, today)),
		).toEqual([
			'grades must list at least two grades, junior first, e.g. grades="AO,EO,HEO,G7,SCS"',
		]);
		expect(
			problems(parseStartArguments(`${channel} grades=`, today)),
		).toHaveLength(1);
		expect(
			problems(parseStartArguments(`${channel} grades=AO,EO,AO`, today)),
		).toEqual(["grades lists a grade twice"]);
	});
});

describe("parseStartArguments: reminders, low uptake, hours and time zone", () => {
	it("takes each when given, and leaves the deployment's defaults otherwise", () => {
		const v = ok(
			parseStartArguments(
				`${channel} reminders=2 low=40 hours="08:00-16:00,mon-thu" timezone=America/New_York`,
				today,
			),
		);
		expect(v).toMatchObject({
			reminders: 2,
			lowUptakePercent: 40,
			workingHours: {
				text: "08:00-16:00,mon-thu",
				value: { start: "08:00", end: "16:00", days: [1, 2, 3, 4] },
			},
			timeZone: "America/New_York",
		});
		const d = ok(parseStartArguments(channel, today));
		expect(d.reminders).toBeUndefined();
		expect(d.workingHours).toBeUndefined();
	});

	it("names every bad value", () => {
		expect(
			problems(
				parseStartArguments(
					`${channel} reminders=9 low=0 hours=17:00-09:00 timezone=Mars/Base`,
					today,
				),
			),
		).toEqual([
			"reminders must be a whole number from 0 to 5",
			"low must be a whole percentage from 1 to 100 (groups below it get manager nudges)",
			"hours: the end time must be after the start time",
			'timezone: "Mars/Base" is not an IANA time zone name (like Europe/London or America/New_York)',
		]);
	});

	it("takes who runs the census, a contact, a privacy notice and a leader's message", () => {
		const d = ok(
			parseStartArguments(
				`${channel} runby="People team" contact=<mailto:people@acme.co.uk|people@acme.co.uk> privacy=<https://intranet.acme.co.uk/privacy> message=“Please take part.”`,
				today,
			),
		);
		expect(d.organiser).toEqual({
			runBy: "People team",
			contact: "people@acme.co.uk",
			privacyUrl: "https://intranet.acme.co.uk/privacy",
			message: "Please take part.",
		});
		expect(ok(parseStartArguments(channel, today)).organiser).toBeUndefined();
	});

	it("refuses a placeholder or insecure privacy notice, and over-long organiser text", () => {
		expect(
			problems(
				parseStartArguments(
					`${channel} privacy=https://example.org/privacy runby="${"x".repeat(81)}"`,
					today,
				),
			),
		).toEqual([
			'runby must be 1 to 80 characters (the team or person running the census, e.g. runby="People team")',
			'privacy: "https://example.org/privacy" is a placeholder address (example.org): give your organisation\'s real page',
		]);
		for (const url of [
			"http://intranet.acme.co.uk/p",
			"https://localhost/p",
			"https://10.0.0.1/p",
			"notaurl",
		])
			expect(
				problems(parseStartArguments(`${channel} privacy=${url}`, today)),
				url,
			).toHaveLength(1);
	});

	it("refuses a time zone abbreviation and suggests the zone's name", () => {
		expect(
			problems(parseStartArguments(`${channel} timezone=BST`, today)),
		).toEqual([
			'timezone: "BST" is an abbreviation, not a time zone name: use the IANA name of the place, such as Europe/London',
		]);
		expect(
			ok(parseStartArguments(`${channel} timezone=UTC`, today)).timeZone,
		).toBe("UTC");
	});
});

describe("parseStartValues: a form's inputs through the same validator", () => {
	it("gives the same arguments as the inline form of the same settings", () => {
		const inline = parseStartArguments(
			'name="Census 2026" closes=2026-12-14 channel=#leadership target=60 questions=school,key reminders=2 low=40 hours="08:00-16:00,mon-fri" timezone=Europe/Dublin runby="People team" contact=people@example.co.uk privacy=https://people.example.co.uk/privacy message="Please take part."',
			today,
		);
		const form = parseStartValues(
			{
				name: "Census 2026",
				closes: "2026-12-14",
				channel: "#leadership",
				target: "60",
				questions: "school,key",
				reminders: "2",
				low: "40",
				hours: "08:00-16:00,mon-fri",
				timezone: "Europe/Dublin",
				runby: "People team",
				contact: "people@example.co.uk",
				privacy: "https://people.example.co.uk/privacy",
				message: "Please take part.",
			},
			today,
		);
		expect(ok(form)).toEqual(ok(inline));
	});

	it("names the setting each problem is about, and none for a stray word", () => {
		const r = parseStartArguments(
			`${channel} closes=2026-11-01 target=0 stray timezone=Mars/Base`,
			today,
		);
		if (r.ok) throw new Error("expected problems");
		expect(r.problems.map((p) => p.field)).toEqual([
			null,
			"closes",
			"target",
			"timezone",
		]);
		const form = parseStartValues({ closes: "2026-11-01" }, today);
		if (form.ok) throw new Error("expected problems");
		expect(form.problems).toEqual([
			{ field: "closes", code: "closesPast", values: {} },
			{ field: "channel", code: "channelRequired", values: {} },
		]);
		expect(problems(form)).toEqual([
			"closes must be after today",
			"channel is required (where the report is posted), e.g. channel=#leadership",
		]);
	});
});
