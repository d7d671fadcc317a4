import { z } from "zod";
import { timeZoneIssue } from "../campaigns/time-zone-problem.js";
import { canonicalLanguage, languageIssue } from "./language-tag.js";
import {
	quoteCell,
	type RosterIssue,
	type RosterProblemValues,
} from "./roster-problem.js";

export type { RosterProblem } from "./roster-problem.js";

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

/** The fields of one CSV record keyed by column; a column missing from the file is absent. */
export type RosterFields = Partial<Record<RosterColumn, string>>;

const MAX_TEXT = 100;
const MAX_EMAIL = 254;
const MAX_TEAMS_ID = 200;
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;

function isEmail(value: string): boolean {
	return value.length <= MAX_EMAIL && z.regexes.email.test(value);
}

/** Adds a coded issue; the column is the issue's path. */
function coded(
	ctx: z.RefinementCtx,
	code: RosterIssue["code"],
	values: RosterProblemValues,
) {
	ctx.addIssue({ code: "custom", message: code, params: { code, values } });
}

function requiredText() {
	return z.string().trim().min(1, { abort: true }).max(MAX_TEXT);
}

function emailText() {
	return z
		.string()
		.trim()
		.superRefine((v, ctx) => {
			if (!isEmail(v)) coded(ctx, "invalidEmail", { given: quoteCell(v) });
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
	email: z.string().trim().min(1, { abort: true }).pipe(emailText()),
	department: requiredText(),
	grade: requiredText(),
	manager_email: optional(emailText()),
	slack_user_id: optional(
		z.string().superRefine((v, ctx) => {
			if (!SLACK_ID.test(v))
				coded(ctx, "slackIdFormat", { given: quoteCell(v) });
		}),
	),
	teams_user_id: optional(z.string().max(MAX_TEAMS_ID)),
	timezone: optional(
		z.string().superRefine((zone, ctx) => {
			const issue = timeZoneIssue(zone);
			if (issue?.code === "abbreviation")
				coded(ctx, "timezoneAbbreviation", {
					given: issue.given,
					zones: issue.zones,
					orUtc: issue.orUtc,
				});
			else if (issue)
				coded(ctx, "timezoneNotIana", {
					given: issue.given,
					examples: ["Europe/London", "America/New_York"],
				});
		}),
	),
	language: optional(
		z
			.string()
			.superRefine((tag, ctx) => {
				const issue = languageIssue(tag);
				if (issue) coded(ctx, issue.code, issue.values);
			})
			.transform((tag) => canonicalLanguage(tag) ?? tag),
	),
});

/** A zod issue as a roster issue: the coded ones as they are, zod's own checks by kind, with the column. */
function issueOf(i: z.core.$ZodIssue): RosterIssue {
	const column = String(i.path[0] ?? "");
	if (i.code === "custom" && i.params?.code)
		return {
			code: i.params.code as RosterIssue["code"],
			values: { column, ...(i.params.values as RosterProblemValues) },
		};
	if (i.code === "too_big")
		return { code: "tooLong", values: { column, max: Number(i.maximum) } };
	if (i.code === "too_small") return { code: "empty", values: { column } };
	return { code: "missing", values: { column } };
}

/** Checks one CSV record against the per-row rules; returns the row or every reason it is bad. */
export function parseRosterRow(
	fields: RosterFields,
): { ok: true; row: RosterRow } | { ok: false; reasons: RosterIssue[] } {
	const parsed = rowSchema.safeParse(fields);
	const reasons = parsed.success ? [] : parsed.error.issues.map(issueOf);
	const own = fields.email?.trim().toLowerCase();
	const manager = fields.manager_email?.trim().toLowerCase();
	if (own && manager && own === manager) {
		reasons.push({
			code: "ownManager",
			values: {
				column: "manager_email",
				given: quoteCell(fields.manager_email?.trim()),
			},
		});
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
