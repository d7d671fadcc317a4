import { z } from "zod";
import { timeZoneProblem } from "../campaigns/time-zone-problem.js";
import { canonicalLanguage, languageProblem } from "./language-tag.js";

/** The roster CSV columns in contract order (the stable names in README.md); the first three are required. */
export const rosterColumns = [
	"email",
	"department",
	"grade",
	"manager_email",
	"slack_user_id",
	"teams_user_id",
	"timezone",
	"language",
] as const;

/** A roster CSV column name. */
export type RosterColumn = (typeof rosterColumns)[number];

/** The columns every roster CSV must have. */
export const requiredRosterColumns: readonly RosterColumn[] = [
	"email",
	"department",
	"grade",
];

/** One valid roster person; optional fields: `null` = empty cell (clears), `undefined` = no column (keeps). */
export type RosterRow = {
	email: string;
	department: string;
	grade: string;
	managerEmail?: string | null;
	slackUserId?: string | null;
	teamsUserId?: string | null;
	timezone?: string | null;
	/** The language the person reads our messages in (canonical BCP 47, served by a shipped catalogue). */
	language?: string | null;
};

/** A problem found in the roster file, with its line number in the file (the header is line 1). */
export type RosterProblem = { line: number; reason: string };

/** The fields of one CSV record keyed by column; a column missing from the file is absent. */
export type RosterFields = Partial<Record<RosterColumn, string>>;

const MAX_TEXT = 100;
const MAX_EMAIL = 254;
const MAX_TEAMS_ID = 200;
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;

/** Quotes a value for a message, shortened so that one bad cell cannot flood the output. */
function quote(value: unknown): string {
	const s = String(value);
	return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

function isEmail(value: string): boolean {
	return value.length <= MAX_EMAIL && z.regexes.email.test(value);
}

function requiredText(column: RosterColumn) {
	return z
		.string({ error: `${column} is missing` })
		.trim()
		.min(1, { error: `${column} is empty`, abort: true })
		.max(MAX_TEXT, {
			error: `${column} is longer than ${MAX_TEXT} characters`,
		});
}

function emailText(column: RosterColumn) {
	return z
		.string()
		.trim()
		.refine(isEmail, {
			error: (iss) => `${column} ${quote(iss.input)} is not a valid email`,
		})
		.transform((v) => v.toLowerCase());
}

/** An optional column: absent stays `undefined`, an empty cell becomes `null`. */
function optional<T extends z.ZodType<string, string>>(inner: T) {
	return z
		.string()
		.trim()
		.transform((v) => (v === "" ? null : v))
		.pipe(inner.nullable())
		.optional();
}

const rowSchema = z.object({
	email: z
		.string({ error: "email is missing" })
		.trim()
		.min(1, { error: "email is empty", abort: true })
		.pipe(emailText("email")),
	department: requiredText("department"),
	grade: requiredText("grade"),
	manager_email: optional(emailText("manager_email")),
	slack_user_id: optional(
		z.string().regex(SLACK_ID, {
			error: (iss) =>
				`slack_user_id ${quote(iss.input)} is not a Slack user id (like U012AB3CD or W012AB3CD)`,
		}),
	),
	teams_user_id: optional(
		z.string().max(MAX_TEAMS_ID, {
			error: `teams_user_id is longer than ${MAX_TEAMS_ID} characters`,
		}),
	),
	timezone: optional(
		z.string().superRefine((zone, ctx) => {
			const problem = timeZoneProblem(zone);
			if (problem !== null)
				ctx.addIssue({ code: "custom", message: `timezone ${problem}` });
		}),
	),
	language: optional(
		z
			.string()
			.superRefine((tag, ctx) => {
				const problem = languageProblem(tag);
				if (problem !== null)
					ctx.addIssue({ code: "custom", message: `language ${problem}` });
			})
			.transform((tag) => canonicalLanguage(tag) ?? tag),
	),
});

/** Checks one CSV record against the per-row rules; returns the row or every reason it is bad. */
export function parseRosterRow(
	fields: RosterFields,
): { ok: true; row: RosterRow } | { ok: false; reasons: string[] } {
	const parsed = rowSchema.safeParse(fields);
	const reasons = parsed.success
		? []
		: parsed.error.issues.map((i) => i.message);
	const own = fields.email?.trim().toLowerCase();
	const manager = fields.manager_email?.trim().toLowerCase();
	if (own && manager && own === manager) {
		reasons.push(
			`manager_email ${quote(fields.manager_email?.trim())} is the person's own email`,
		);
	}
	if (!parsed.success || reasons.length > 0) return { ok: false, reasons };
	const d = parsed.data;
	const row: RosterRow = {
		email: d.email,
		department: d.department,
		grade: d.grade,
	};
	if (d.manager_email !== undefined) row.managerEmail = d.manager_email;
	if (d.slack_user_id !== undefined) row.slackUserId = d.slack_user_id;
	if (d.teams_user_id !== undefined) row.teamsUserId = d.teams_user_id;
	if (d.timezone !== undefined) row.timezone = d.timezone;
	if (d.language !== undefined) row.language = d.language;
	return { ok: true, row };
}
