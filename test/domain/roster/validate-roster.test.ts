import { describe, expect, it } from "vitest";
import { rosterProblemText } from "../../../src/chat/admin/roster-problem-text.js";
import {
	type RosterRecord,
	validateRoster,
} from "../../../src/domain/roster/validate-roster.js";
import { english } from "../../../src/text/translator.js";

const HEADER = [
	"email",
	"department",
	"grade",
	"manager_email",
	"slack_user_id",
	"teams_user_id",
	"timezone",
];

/** Records on consecutive lines after a header on line 1. */
function records(...rows: string[][]): RosterRecord[] {
	return rows.map((values, i) => ({ line: i + 2, values }));
}

function row(
	overrides: Partial<Record<(typeof HEADER)[number], string>> = {},
): string[] {
	const base: Record<string, string> = {
		email: "ada@example.com",
		department: "Engineering",
		grade: "G5",
		manager_email: "grace@example.com",
		slack_user_id: "U012AB3CD",
		teams_user_id: "29:1abc",
		timezone: "Europe/London",
		...overrides,
	};
	return HEADER.map((h) => base[h] ?? "");
}

function problemsOf(rows: RosterRecord[], header = HEADER) {
	const result = validateRoster(rows, header);
	if (result.ok) throw new Error("expected problems");
	// As the command line says them (English (UK)).
	return result.problems.map((p) => ({
		line: p.line,
		reason: rosterProblemText(p, english),
	}));
}

describe("validateRoster: header", () => {
	it("refuses, with its line number, a row whose department and grade are too long to seal with an answer", () => {
		const long = "財".repeat(100);
		expect(
			problemsOf(
				records(
					row(),
					row({
						email: "b@example.com",
						slack_user_id: "U012AB3CE",
						teams_user_id: "",
						department: long,
						grade: long,
					}),
				),
			),
		).toEqual([{ line: 3, reason: expect.stringMatching(/too long to seal/) }]);
		const fine = validateRoster(
			records(row({ department: long, grade: "Grade 7" })),
			HEADER,
		);
		expect(fine.ok).toBe(true);
	});

	it("accepts header names in any case and with spaces around them", () => {
		const header = [" Email", "DEPARTMENT ", "Grade"];
		const result = validateRoster(records(["a@x.io", "Ops", "G1"]), header);
		expect(result).toEqual({
			ok: true,
			rows: [{ email: "a@x.io", department: "Ops", grade: "G1" }],
		});
	});

	it("rejects unknown columns and names them", () => {
		const problems = problemsOf(records(["a@x.io", "Ops", "G1", "x", "y"]), [
			...["email", "department", "grade"],
			"Salary",
			"ethnicity",
		]);
		expect(problems).toHaveLength(1);
		expect(problems[0]?.line).toBe(1);
		expect(problems[0]?.reason).toContain(
			'unknown columns "salary", "ethnicity"',
		);
	});

	it("names the missing required columns", () => {
		const problems = problemsOf(records(["a@x.io"]), ["email", "timezone"]);
		expect(problems).toEqual([
			{ line: 1, reason: 'missing required columns "department", "grade"' },
		]);
	});

	it("rejects a repeated column and an unnamed column", () => {
		const problems = problemsOf(records(["a", "b", "c", "d", "e"]), [
			...["email", "department", "grade", "Grade", ""],
		]);
		const reasons = problems.map((p) => p.reason).join("\n");
		expect(reasons).toContain('columns appear more than once: "grade"');
		expect(reasons).toContain("header column 5 has no name");
	});

	it("rejects an empty header and a file without people", () => {
		expect(problemsOf([], [])[0]?.reason).toContain("header row is missing");
		expect(problemsOf([])).toEqual([
			{ line: 1, reason: "the file has a header but no people below it" },
		]);
	});
});

describe("validateRoster: rows", () => {
	it("returns clean rows, lower-casing emails and turning empty optional cells into null", () => {
		const result = validateRoster(
			records(
				row({ email: " Ada@Example.COM ", manager_email: "Grace@Example.com" }),
				row({
					email: "b@example.com",
					manager_email: "",
					slack_user_id: "",
					teams_user_id: "",
					timezone: "",
				}),
			),
			HEADER,
		);
		expect(result).toEqual({
			ok: true,
			rows: [
				{
					email: "ada@example.com",
					department: "Engineering",
					grade: "G5",
					managerEmail: "grace@example.com",
					slackUserId: "U012AB3CD",
					teamsUserId: "29:1abc",
					timezone: "Europe/London",
				},
				{
					email: "b@example.com",
					department: "Engineering",
					grade: "G5",
					managerEmail: null,
					slackUserId: null,
					teamsUserId: null,
					timezone: null,
				},
			],
		});
	});

	it("leaves optional fields undefined when their column is not in the file", () => {
		const result = validateRoster(records(["a@x.io", "Ops", "G1"]), [
			"email",
			"department",
			"grade",
		]);
		expect(result.ok && result.rows[0]).toEqual({
			email: "a@x.io",
			department: "Ops",
			grade: "G1",
		});
		expect(result.ok && "slackUserId" in (result.rows[0] ?? {})).toBe(false);
	});

	it.each([
		[{ email: "" }, "email is empty"],
		[{ email: "not-an-email" }, 'email "not-an-email" is not a valid email'],
		[{ department: "" }, "department is empty"],
		[
			{ department: "x".repeat(101) },
			"department is longer than 100 characters",
		],
		[{ grade: " " }, "grade is empty"],
		[{ grade: "g".repeat(101) }, "grade is longer than 100 characters"],
		[{ manager_email: "x" }, 'manager_email "x" is not a valid email'],
		[
			{ manager_email: "ADA@example.com" },
			'manager_email "ADA@example.com" is the person\'s own email',
		],
		[
			{ slack_user_id: "u012ab3cd" },
			'slack_user_id "u012ab3cd" is not a Slack user id',
		],
		[
			{ slack_user_id: "C012AB3CD" },
			'slack_user_id "C012AB3CD" is not a Slack user id',
		],
		[{ slack_user_id: "U1" }, 'slack_user_id "U1" is not a Slack user id'],
		[
			{ teams_user_id: "t".repeat(201) },
			"teams_user_id is longer than 200 characters",
		],
		[
			{ timezone: "Mars/Olympus" },
			'timezone "Mars/Olympus" is not an IANA time zone name',
		],
		[
			{ timezone: "BST" },
			'timezone "BST" is an abbreviation, not a time zone name: use the IANA name of the place, such as Europe/London',
		],
		[{ timezone: "IST" }, "such as Europe/Dublin or Asia/Kolkata"],
		[{ timezone: "GMT" }, "such as Europe/London (or UTC"],
		[{ timezone: "EST" }, "such as America/New_York"],
		[{ timezone: "CET" }, "such as Europe/Paris"],
		[{ timezone: "EST5EDT" }, "is not an IANA time zone name"],
	])("reports %o", (overrides, reason) => {
		const problems = problemsOf(
			records(row(), row({ email: "ada@example.com", ...overrides })),
		);
		const mine = problems.filter(
			(p) => p.line === 3 && !p.reason.includes("also on line"),
		);
		expect(mine).toHaveLength(1);
		expect(mine[0]?.reason).toContain(reason);
	});

	it.each(["UTC", "Etc/UTC", "Europe/London"])(
		"accepts the time zone %s",
		(timezone) => {
			expect(validateRoster(records(row({ timezone })), HEADER).ok).toBe(true);
		},
	);

	it("accepts W-prefixed Slack ids and any valid time zone", () => {
		const result = validateRoster(
			records(
				row({
					slack_user_id: "W0AB",
					timezone: "America/Argentina/Buenos_Aires",
				}),
			),
			HEADER,
		);
		expect(result.ok).toBe(true);
	});

	it("shortens very long values in messages", () => {
		const [problem] = problemsOf(
			records(row({ manager_email: `${"x".repeat(500)}` })),
		);
		expect(problem?.reason.length).toBeLessThan(120);
	});

	it("reports every problem of every bad row with the row's own line number", () => {
		const rows: RosterRecord[] = [
			{
				line: 2,
				values: row({ email: "a@x.io", slack_user_id: "", teams_user_id: "" }),
			},
			{
				line: 4,
				values: row({
					email: "bad",
					timezone: "Nowhere",
					slack_user_id: "",
					teams_user_id: "",
				}),
			},
			{
				line: 7,
				values: row({
					email: "c@x.io",
					grade: "",
					slack_user_id: "",
					teams_user_id: "",
				}),
			},
		];
		const problems = problemsOf(rows);
		expect(problems.map((p) => p.line)).toEqual([4, 4, 7]);
	});

	it("reports a record with the wrong number of fields", () => {
		const problems = problemsOf(records(["a@x.io", "Ops"]), [
			"email",
			"department",
			"grade",
		]);
		expect(problems).toEqual([
			{ line: 2, reason: "has 2 fields but the header has 3" },
		]);
	});

	it("collects an unlimited number of problems", () => {
		const many = Array.from({ length: 500 }, (_, i) =>
			row({ email: `nope${i}`, slack_user_id: "", teams_user_id: "" }),
		);
		expect(problemsOf(records(...many))).toHaveLength(500);
	});
});

describe("validateRoster: duplicates within the file", () => {
	it("names both lines of a duplicate email, ignoring case", () => {
		const problems = problemsOf(
			records(
				row({ email: "a@x.io", slack_user_id: "UAAA", teams_user_id: "t1" }),
				row({ email: "b@x.io", slack_user_id: "UBBB", teams_user_id: "t2" }),
				row({ email: "A@X.io", slack_user_id: "UCCC", teams_user_id: "t3" }),
			),
		);
		expect(problems).toEqual([
			{ line: 4, reason: 'email "a@x.io" is also on line 2' },
		]);
	});

	it("reports duplicate Slack and Teams ids", () => {
		const problems = problemsOf(
			records(
				row({ email: "a@x.io", slack_user_id: "UAAA", teams_user_id: "t1" }),
				row({ email: "b@x.io", slack_user_id: "UAAA", teams_user_id: "t2" }),
				row({ email: "c@x.io", slack_user_id: "UCCC", teams_user_id: "t1" }),
			),
		);
		expect(problems).toEqual([
			{ line: 3, reason: 'slack_user_id "UAAA" is also on line 2' },
			{ line: 4, reason: 'teams_user_id "t1" is also on line 2' },
		]);
	});

	it("does not treat empty optional ids as duplicates", () => {
		const result = validateRoster(
			records(
				row({ email: "a@x.io", slack_user_id: "", teams_user_id: "" }),
				row({ email: "b@x.io", slack_user_id: "", teams_user_id: "" }),
			),
			HEADER,
		);
		expect(result.ok).toBe(true);
	});
});
