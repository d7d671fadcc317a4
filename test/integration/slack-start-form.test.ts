import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewText } from "../../src/chat/admin/start-form.js";
import { invitationText, text } from "../../src/chat/messages.js";
import { ids } from "../../src/chat/slack/blocks.js";
import { startBlockId } from "../../src/chat/slack/start-modal.js";
import {
	generateOrganisation,
	type SyntheticEmployee,
} from "../../src/demo/synthetic-organisation.js";
import { startFields } from "../../src/domain/campaigns/parse-start-arguments.js";
import type { FakeView } from "../../src/sim/fake-slack-types.js";
import type { SimViewValue } from "../../src/sim/slack-user-simulator-types.js";
import { waitFor } from "../../src/sim/wait-for.js";
import { english, translatorFor } from "../../src/text/translator.js";
import { objects, textOf } from "../support/block-json.js";
import { englishOnlyWording } from "../support/english-only-wording.js";
import { slackLiveMarkup } from "../support/hostile-names.js";
import { validateSlackCall } from "../support/slack-method-check.js";
import {
	importPeople,
	importRosterCsv,
	startTestCensus,
	type TestCensus,
} from "../support/start-test-census.js";

function inDays(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The modal's state as Slack sends it: each setting's input by block id, in the element kind the modal uses. */
function state(
	values: Partial<Record<(typeof startFields)[number], string>>,
): Record<string, Record<string, SimViewValue>> {
	const out: Record<string, Record<string, SimViewValue>> = {};
	for (const field of startFields) {
		const v = values[field] ?? null;
		const option = (value: string) => ({
			value,
			text: { type: "plain_text" as const, text: value },
		});
		out[startBlockId(field)] = {
			value:
				field === "closes"
					? { type: "datepicker", selected_date: v }
					: field === "questions"
						? {
								type: "checkboxes",
								selected_options: (v ?? "").split(",").map(option),
							}
						: field === "reminders"
							? { type: "static_select", selected_option: v ? option(v) : null }
							: field === "target" || field === "low"
								? { type: "number_input", value: v }
								: { type: "plain_text_input", value: v },
		};
	}
	return out;
}

/** Every input block of a view, by block id. */
function inputs(view: FakeView): Map<string, Record<string, unknown>> {
	const blocks = (view.blocks ?? []) as Record<string, unknown>[];
	return new Map(
		blocks
			.filter((b) => b.type === "input")
			.map((b) => [String(b.block_id), b.element as Record<string, unknown>]),
	);
}

/** The mrkdwn and plain text the view shows. */
const textsOf = (view: FakeView): string[] =>
	objects(view.blocks)
		.filter((o) => o.type === "mrkdwn" || o.type === "plain_text")
		.map((o) => textOf(o));

/** `/census start` alone in Slack: the form, its problems, its preview, and the same start as the inline command. */
describe("the start form in Slack", () => {
	let t: TestCensus;
	let admin: SyntheticEmployee;
	let eve: SyntheticEmployee;
	/** An admin whose roster language is Welsh. */
	let welshAdmin: SyntheticEmployee;
	let form: FakeView;
	const good = {
		name: "Form census",
		closes: inDays(10),
		channel: "#leadership",
		target: "65",
		questions: "key,fsm",
		reminders: "2",
		low: "40",
		hours: "08:00-16:00,mon-fri",
		timezone: "Europe/Dublin",
		runby: "People team",
		contact: "people@example.co.uk",
		message: "Please take part.",
	};

	beforeAll(async () => {
		const people = generateOrganisation(30, 11);
		admin = people[0] as SyntheticEmployee;
		eve = people[1] as SyntheticEmployee;
		welshAdmin = people[2] as SyntheticEmployee;
		t = await startTestCensus({
			admins: [admin.slackUserId, welshAdmin.slackUserId],
			label: "slackstartform",
			languages: "cy",
		});
		expect(await importPeople(t, people)).toBe(0);
		expect(
			await importRosterCsv(
				t,
				`email,department,grade,language\n${welshAdmin.email},${welshAdmin.department},${welshAdmin.grade},cy\n`,
			),
		).toBe(0);
	}, 60_000);

	afterAll(async () => {
		await t?.stop();
	});

	it("opens a modal with the command's trigger: every setting, the defaults filled in, the invitation previewed", async () => {
		const sent = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start",
		);
		await t.fake.waitForCalls("views.open", 1, 10_000);
		expect(t.fake.callsTo("views.open")[0]?.params.trigger_id).toBe(
			sent.triggerId,
		);
		const opened = t.fake.openedViews(admin.slackUserId);
		expect(opened).toHaveLength(1);
		form = opened[0] as FakeView;
		expect(form.callback_id).toBe(ids.startModal);
		const byBlock = inputs(form);
		expect([...byBlock.keys()].sort()).toEqual(
			startFields.map(startBlockId).sort(),
		);
		expect(byBlock.get("start_name")?.initial_value).toBe(
			`Census ${new Date().toISOString().slice(0, 4)}`,
		);
		expect(byBlock.get("start_closes")?.initial_date).toBe(inDays(14));
		expect(byBlock.get("start_target")?.initial_value).toBe("70");
		expect(byBlock.get("start_low")?.initial_value).toBe("50");
		expect(byBlock.get("start_reminders")?.initial_option).toMatchObject({
			value: "3",
		});
		// The test census's configured working hours, and the organisation's default time zone.
		expect(byBlock.get("start_hours")?.initial_value).toBe(
			"00:00-24:00,mon-sun",
		);
		expect(byBlock.get("start_timezone")?.initial_value).toBe("Europe/London");
		expect(byBlock.get("start_questions")?.initial_options).toEqual([
			expect.objectContaining({ value: "key" }),
		]);
		const shown = textsOf(form).join("\n");
		expect(shown).toContain(invitationText.title);
		expect(shown).toContain(english.t("invitation.why"));
		expect(shown).toContain("Open until");
		// Nothing is said in the channel: the modal is the answer.
		expect(t.fake.responses.filter((r) => r.url === sent.responseUrl)).toEqual(
			[],
		);
	});

	it("keeps the modal open with each problem under its input, and starts nothing", async () => {
		const res = await t.sim.submitView({
			userId: admin.slackUserId,
			view: form,
			values: state({
				...good,
				channel: "",
				closes: inDays(-1),
				target: "150",
				privacy: "http://example.org/privacy",
				questions: "school",
			}),
		});
		expect(res.status).toBe(200);
		const body = res.json as {
			response_action: string;
			errors: Record<string, string>;
		};
		expect(body.response_action).toBe("errors");
		expect(Object.keys(body.errors).sort()).toEqual(
			[
				"start_channel",
				"start_closes",
				"start_privacy",
				"start_questions",
				"start_target",
			].sort(),
		);
		expect(body.errors.start_closes).toBe("closes must be after today");
		expect(body.errors.start_target).toBe(
			"target must be a whole percentage from 1 to 100",
		);
		expect(body.errors.start_channel).toMatch(/^channel is required/);
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("updates the preview with the settings typed, the organisation's words escaped", async () => {
		const hostile = "<!channel> *Board* <https://evil.example|click>";
		await t.sim.clickViewButton({
			userId: admin.slackUserId,
			view: form,
			actionId: ids.startPreview,
			values: state({ ...good, runby: hostile, message: hostile }),
		});
		await t.fake.waitForCalls("views.update", 1, 10_000);
		expect(t.fake.callsTo("views.update")[0]?.params).toMatchObject({
			view_id: form.id,
			hash: form.hash,
		});
		const updated = t.fake.openedViews(admin.slackUserId)[0] as FakeView;
		const shown = textsOf(updated);
		const previewed = shown.filter((s) => s.includes("is running this census"));
		expect(previewed).toHaveLength(1);
		expect(previewed[0]).toContain("&lt;!channel&gt;");
		for (const s of shown.filter((s) => s.includes("evil.example")))
			expect(slackLiveMarkup(s), s).toEqual([]);
		expect(shown.join("\n")).toContain("Questions? Ask people@example.co.uk.");
		// The typed values stay in the inputs.
		expect(inputs(updated).get("start_name")?.initial_value).toBe(good.name);
		form = updated;
	});

	it("lists the problems over the preview, what the admin typed escaped", async () => {
		await t.sim.clickViewButton({
			userId: admin.slackUserId,
			view: form,
			actionId: ids.startPreview,
			values: state({ ...good, questions: "key,<!here>" }),
		});
		await t.fake.waitForCalls("views.update", 2, 10_000);
		const updated = t.fake.openedViews(admin.slackUserId)[0] as FakeView;
		const listed = textsOf(updated).filter((s) =>
			s.startsWith("Not started yet."),
		);
		expect(listed).toHaveLength(1);
		expect(listed[0]).toContain("unknown question");
		expect(slackLiveMarkup(listed[0] ?? "")).toEqual([]);
		form = updated;
	});

	it("speaks a Welsh admin's roster language: the form, its problems and its preview", async () => {
		const cy = translatorFor("cy");
		await t.sim.slashCommand(welshAdmin.slackUserId, "/census", "start");
		const welshForm = await waitFor(
			() => t.fake.openedViews(welshAdmin.slackUserId)[0],
			10_000,
			"the Welsh admin's form",
		);
		expect(welshForm.title).toMatchObject({ text: cy.t("startForm.title") });
		const shown = textsOf(welshForm);
		expect(shown).toContain(cy.t("invitation.why"));
		for (const s of shown)
			expect(
				englishOnlyWording.filter((w) => s.includes(w)),
				s,
			).toEqual([]);
		const res = await t.sim.submitView({
			userId: welshAdmin.slackUserId,
			view: welshForm,
			values: state({ ...good, closes: inDays(-1), target: "150" }),
		});
		const body = res.json as { errors: Record<string, string> };
		expect(body.errors).toEqual({
			start_closes: cy.t("startArgs.closesPast"),
			start_target: cy.t("startArgs.targetRange"),
		});
		await t.sim.clickViewButton({
			userId: welshAdmin.slackUserId,
			view: welshForm,
			actionId: ids.startPreview,
			values: state({ ...good, target: "150" }),
		});
		const updated = await waitFor(
			() =>
				textsOf(t.fake.openedViews(welshAdmin.slackUserId)[0] as FakeView).find(
					(s) => s.startsWith(previewText(cy).fixThese),
				),
			10_000,
			"the Welsh problems over the preview",
		);
		expect(updated).toContain(cy.t("startArgs.targetRange"));
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("refuses a non-admin's submission, and starts nothing", async () => {
		const res = await t.sim.submitView({
			userId: eve.slackUserId,
			view: form,
			values: state(good),
		});
		expect(res.json).toMatchObject({ response_action: "update" });
		expect(JSON.stringify(res.json)).toContain(text.notAdmin.slice(0, 40));
		expect(await t.runtime.service.currentCampaign()).toBeNull();
	});

	it("still reads inline arguments, without a form", async () => {
		const opened = t.fake.callsTo("views.open").length;
		const sent = await t.sim.slashCommand(
			admin.slackUserId,
			"/census",
			"start target=500 channel=#leadership",
		);
		const reply = await waitFor(
			() =>
				(
					t.fake.responses.find((r) => r.url === sent.responseUrl)?.body as
						| { text?: string }
						| undefined
				)?.text,
			10_000,
			"the inline reply",
		);
		expect(reply).toMatch(
			/^Can't start the census: target must be a whole percentage.*\nUsage: .*, or `\/census start` alone for a form\.$/,
		);
		expect(t.fake.callsTo("views.open")).toHaveLength(opened);
	});

	it("starts the census with the submitted settings, exactly as the inline command, and tells the admin", async () => {
		const res = await t.sim.submitView({
			userId: admin.slackUserId,
			view: form,
			values: state({
				...good,
				privacy: "https://people.example.co.uk/privacy",
			}),
		});
		expect(res.status).toBe(200);
		expect(res.json).toBeUndefined();
		const reply = await waitFor(
			() =>
				t.fake
					.messagesTo(admin.slackUserId)
					.find((m) => m.text?.includes("is open until")),
			20_000,
			"the start reply in the admin's DM",
		);
		expect(reply.text).toMatch(
			/^\*Form census\* is open until .*Inviting 30 people/,
		);
		const campaign = await t.runtime.service.currentCampaign();
		expect(campaign).toMatchObject({
			name: "Form census",
			closesOn: good.closes,
			channel: "#leadership",
			targetRate: 65,
			questions: ["key", "fsm"],
			reminderMax: 2,
			lowUptakePercent: 40,
			workingHours: "08:00-16:00,mon-fri",
			timeZone: "Europe/Dublin",
			startedBy: admin.slackUserId,
			organiser: {
				runBy: "People team",
				contact: "people@example.co.uk",
				privacyUrl: "https://people.example.co.uk/privacy",
				message: "Please take part.",
			},
		});
	});

	it("made only Web API calls that Slack's spec knows", () => {
		for (const call of t.fake.calls)
			expect(validateSlackCall(call.method, call.params), call.method).toEqual(
				[],
			);
	});
});
