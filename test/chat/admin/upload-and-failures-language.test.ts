import { describe, expect, it } from "vitest";
import {
	type Dialect,
	slackDialect,
	teamsDialect,
} from "../../../src/chat/admin/dialect.js";
import { reachLines } from "../../../src/chat/admin/reach-lines.js";
import {
	confirmRosterUpload,
	type RosterUploadDeps,
	receiveRosterUpload,
} from "../../../src/chat/admin/roster-upload.js";
import { teamsText } from "../../../src/chat/messages.js";
import { TeamsCardActions } from "../../../src/chat/teams/teams-card-actions.js";
import type { DirectoryFailure } from "../../../src/domain/roster/directory-error.js";
import type { ReachReport } from "../../../src/domain/roster/resolve-reach.js";
import type { RosterIdConflict } from "../../../src/domain/roster/roster-import-store.js";
import { createLogger } from "../../../src/logger.js";
import { Languages } from "../../../src/text/languages.js";
import { shippedCatalogues } from "../../../src/text/message-catalogue.js";
import {
	english,
	type Translator,
	translatorFor,
} from "../../../src/text/translator.js";
import { InMemoryPendingRosterUploads } from "../../fakes/in-memory-pending-roster-uploads.js";

const welsh = translatorFor("cy");

/** English (UK) runs of our own wording (12 characters or more) that the Welsh catalogue does not have. */
const englishOnly = (() => {
	const [en, cy] = shippedCatalogues;
	const cyText = Object.values(cy?.messages ?? {}).join("\n");
	return Object.values(en?.messages ?? {})
		.flatMap((m) => m.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/))
		.map((r) => r.trim())
		.filter((r) => r.length >= 12 && !cyText.includes(r));
})();

/** The English phrases the upload used to say outside the catalogue; none may reach a Welsh admin. */
const oldEnglish = [
	"nothing was imported",
	"Nothing was imported",
	"is not a CSV file",
	"could not be downloaded",
	"Dry run",
	"valid; nothing was written",
	"not in this CSV",
	"within 15 minutes",
	"problems;",
	"more problem",
	"already belongs to",
	"Imported ",
	"no Slack or Teams id",
	"Unknown subcommand",
	"Slack refused",
	"Slack listed",
	"could not be reached",
	"rate limited",
];

const conflict: RosterIdConflict = {
	email: "b@x.example",
	column: "slack_user_id",
	id: "U0CLASH",
	heldBy: "c@x.example",
	line: 3,
};

/** An upload's dependencies: the roster says `conflicts` on the Confirm only, one person is on file but not in it. */
function deps(conflicts: RosterIdConflict[] = []) {
	let confirms = 0;
	const d: RosterUploadDeps = {
		roster: {
			findIdConflicts: async () => (confirms++ > 0 ? conflicts : []),
			countNotIn: async () => 1,
			importRows: async (rows) => ({
				created: rows.length,
				updated: 0,
				unchanged: 2,
			}),
		},
		pending: new InMemoryPendingRosterUploads(),
		platforms: ["slack", "teams"],
		directories: ["slack"],
	};
	return d;
}

const csv =
	"email,department,grade\na@x.example,Sales,G1\nb@x.example,Legal,G2\n";
const bad = "email,department,grade\nnot-an-email,Sales,G1\n";

const file = (name: string, body: string | null) => ({
	name,
	size: body === null ? null : body.length,
	download: async () =>
		body === null
			? ({ ok: false, reason: "failed", status: 500 } as const)
			: ({ ok: true, bytes: new TextEncoder().encode(body) } as const),
});

/** Everything an admin can be told about an upload, in `t`. */
async function everything(t: Translator): Promise<string[]> {
	const said: string[] = [];
	for (const dialect of [slackDialect, teamsDialect]) {
		const up = (f: ReturnType<typeof file>, dd = deps()) =>
			receiveRosterUpload(dd, dialect, "U1", f, t);
		said.push((await up(file("people.xlsx", csv))).text);
		said.push((await up(file("people.csv", null))).text);
		said.push((await up(file("people.csv", bad))).text);
		const big = { ...file("people.csv", csv), size: 21 * 1024 * 1024 };
		said.push((await up(big)).text);
		for (const conflicts of [[], [conflict]]) {
			const dd = deps(conflicts);
			const checked = await up(file("people.csv", csv), dd);
			said.push(checked.text);
			if (checked.kind !== "checked") throw new Error(checked.text);
			const confirm = () =>
				confirmRosterUpload(dd, dialect, "U1", checked.uploadId, t);
			said.push((await confirm()).text);
			said.push((await confirm()).text);
		}
	}
	return said;
}

const failures: DirectoryFailure[] = [
	{ why: "no-emails", people: 40 },
	{ why: "rate-limited", method: "users.list" },
	{ why: "refused", method: "users.list", code: "missing_scope", scopes: true },
	{ why: "refused", method: "users.list", code: "fatal_error", scopes: false },
	{ why: "unreachable", method: "users.list", error: "ECONNRESET" },
];

const report = (failure: DirectoryFailure): ReachReport => ({
	people: 2,
	reachable: 2,
	byPlatform: [{ platform: "slack", reachable: 2 }],
	unreachable: [],
	reasons: [],
	failures: [{ platform: "slack", message: "in English", failure }],
});

describe("the roster upload, the unknown subcommand, directory failures and a bad card in the reader's language", () => {
	it("a Welsh admin reads every upload reply in Welsh", async () => {
		const cy = (await everything(welsh)).join("\n");
		expect(cy).toContain("Nid ffeil CSV yw people.xlsx");
		expect(cy).toContain("Rhediad prawf: mae 2 o resi yn ddilys");
		expect(cy).toContain("llinell 3: mae slack_user_id");
		expect(cy).toContain("Mewnforiwyd 2 o bobl");
		for (const w of [...oldEnglish, ...englishOnly])
			expect(cy, w).not.toContain(w);
		// English (UK) is the command line's wording, unchanged.
		const en = (await everything(english)).join("\n");
		expect(en).toContain(
			"*people.csv*: Dry run: 2 rows are valid; nothing was written.",
		);
		expect(en).toContain(
			'line 3: slack_user_id "U0CLASH" already belongs to c@x.example, who is not changed by this file',
		);
		expect(en).toContain(
			"Imported 2 people: 2 new, 0 updated, 2 unchanged.\n1 person on file is not in this CSV; they were left unchanged.",
		);
		expect(oldEnglish.filter((w) => en.includes(w)).length).toBeGreaterThan(10);
	});

	it("a Welsh admin reads every problem of a file's bad rows in Welsh, on Slack and on Teams, the cells escaped", async () => {
		const rows = [
			"email,department,grade,manager_email,timezone",
			"<!here>*x*@,Sales,G1,,",
			"a@x.example,Sales,G1,,",
			"a@x.example,Legal,G2,,",
			"b@x.example,Sales,G1,,BST",
			"c@x.example,Sales",
			"d@x.example,Sales,G1,d@x.example,",
			"e@x.example,Sales,G1,,Mars/Base",
		].join("\n");
		const said = async (dialect: Dialect, t: Translator) =>
			(
				await receiveRosterUpload(
					deps(),
					dialect,
					"U1",
					file("people.csv", rows),
					t,
				)
			).text;
		const expected = {
			slack: [
				'llinell 2: nid yw email "&lt;!here&gt;*x*@" yn gyfeiriad e-bost dilys',
				'llinell 4: mae email "a@x.example" hefyd ar linell 3',
				'llinell 5: timezone: talfyriad yw "BST", nid enw cylchfa amser: defnyddiwch enw IANA y lle, fel Europe/London',
				"llinell 6: mae gan y rhes 2 maes ond mae gan y pennawd 5",
				'llinell 7: manager_email "d@x.example" yw cyfeiriad e-bost y person ei hun',
				'llinell 8: nid yw timezone "Mars/Base" yn enw cylchfa amser IANA (fel Europe/London neu America/New_York)',
			],
			teams: [
				'llinell 2: nid yw email "\\<!here\\>\\*x\\*@" yn gyfeiriad e-bost dilys',
				'llinell 4: mae email "a@x.example" hefyd ar linell 3',
				'llinell 5: timezone: talfyriad yw "BST", nid enw cylchfa amser: defnyddiwch enw IANA y lle, fel Europe/London',
				"llinell 6: mae gan y rhes 2 maes ond mae gan y pennawd 5",
				'llinell 7: manager\\_email "d@x.example" yw cyfeiriad e-bost y person ei hun',
				'llinell 8: nid yw timezone "Mars/Base" yn enw cylchfa amser IANA \\(fel Europe/London neu America/New\\_York\\)',
			],
		};
		for (const dialect of [slackDialect, teamsDialect]) {
			const cy = await said(dialect, welsh);
			for (const line of expected[dialect.platform])
				expect(cy, dialect.platform).toContain(line);
			for (const w of [...oldEnglish, ...englishOnly])
				expect(cy, `${dialect.platform}: ${w}`).not.toContain(w);
		}
		// The command line's English (UK), unchanged.
		expect(await said(slackDialect, english)).toContain(
			'line 7: manager_email "d@x.example" is the person\'s own email',
		);
	});

	it("a Welsh admin's unknown Teams subcommand is answered in Welsh, the word escaped", () => {
		const cy = teamsText.unknown("*x*", welsh);
		expect(cy).toBe(
			'Is-orchymyn anhysbys "\\*x\\*". Rhowch gynnig ar `census help`.',
		);
		expect(teamsText.unknown("*x*")).toContain("Unknown subcommand");
	});

	it("a Slack directory's failure reaches a Welsh admin in Welsh", () => {
		const cy = failures
			.flatMap((f) => reachLines(slackDialect, report(f), welsh))
			.join("\n");
		expect(cy).toContain("Rhestrodd Slack 40 o bobl heb unrhyw gyfeiriad");
		expect(cy).toContain("Gwrthododd Slack users.list (missing_scope)");
		expect(cy).not.toContain("in English");
		for (const w of oldEnglish) expect(cy, w).not.toContain(w);
		const en = failures
			.flatMap((f) => reachLines(slackDialect, report(f), english))
			.join("\n");
		expect(en).toContain(
			"Slack refused users.list (missing_scope). Reinstall the Slack app with the users:read and users:read.email scopes (see manifests/slack.yaml).",
		);
	});
	it("a Teams card with bad data or an unknown verb is refused in the clicker's language", async () => {
		const noop = () => undefined;
		const actions = new TeamsCardActions(
			{
				service: {} as never,
				store: {} as never,
				logger: createLogger("silent"),
				languages: new Languages({
					enabled: ["en-GB", "cy"],
					defaultLanguage: "en-GB",
				}),
			},
			async () => {
				throw new Error("not a publish");
			},
		);
		const click = (
			data: Record<string, unknown>,
			verb: string,
			locale: string,
		) =>
			actions.handle(
				{ id: "29:x", name: "x" },
				{ action: { type: "Action.Execute", id: "a", verb, data } } as never,
				0,
				noop,
				locale,
			);
		const campaignId = "7d0f1f4e-4a55-4d1e-9a66-2f4b3c2d1e0f";
		const messages = async (locale: string) =>
			[
				await click({}, "census_answer", locale),
				await click({ campaignId }, "census_nope", locale),
			].map((r) => (r.value as { message: string }).message);
		expect(await messages("cy-GB")).toEqual([
			"Nid yw data'r cerdyn yn ddilys.",
			"Nid yw gweithred y cerdyn yn cael ei chefnogi.",
		]);
		expect(await messages("en-US")).toEqual([
			"The card's data is not valid.",
			"The card's verb is not supported.",
		]);
	});
});
