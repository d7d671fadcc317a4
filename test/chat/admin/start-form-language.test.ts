import { describe, expect, it } from "vitest";
import {
	openStartForm,
	readStartForm,
	type StartForm,
	startFieldOrder,
	startFieldText,
} from "../../../src/chat/admin/start-form.js";
import { startFormExpired } from "../../../src/chat/slack/open-start-modal.js";
import {
	startErrors,
	startModal,
} from "../../../src/chat/slack/start-modal.js";
import { startFormCard } from "../../../src/chat/teams/cards/start-form-card.js";
import {
	english,
	type Translator,
	translatorFor,
} from "../../../src/text/translator.js";
import { englishOnlyWording } from "../../support/english-only-wording.js";
import { sampleCampaign } from "../../support/sample-campaign.js";

/** Just what the form reads of the census: the defaults, today, and the draft the preview shows. */
const deps = {
	service: {
		today: () => "2026-12-01",
		startDefaults: () => ({
			name: "Census 2026",
			closes: "2026-12-15",
			target: "70",
			questions: "key",
		}),
		draft: () => sampleCampaign(),
	},
} as never;

/** A submission with a problem in nearly every setting. */
const bad = {
	name: "x".repeat(81),
	closes: "2026-11-01",
	target: "0",
	questions: "school,nope",
	grades: "AO",
	reminders: "9",
	low: "0",
	hours: "9-5",
	timezone: "BST",
	runby: "x".repeat(81),
	privacy: "http://intranet.acme.co.uk/p",
};

/** The forms an admin meets: fresh (in a channel and not), with the preview, and submitted with problems. */
function forms(t: Translator): StartForm[] {
	const fresh = openStartForm(deps, { userId: "U1", t });
	const inChannel = openStartForm(deps, {
		userId: "U1",
		t,
		defaultChannel: "19:abc@thread.tacv2",
	});
	const wrong = readStartForm(deps, bad, { userId: "U1", t });
	return [fresh, inChannel, wrong.form];
}

/** Every string in a rendered view or card (labels, hints, placeholders, options, buttons, texts). */
function strings(value: unknown): string[] {
	if (typeof value === "string") return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value && typeof value === "object")
		return Object.values(value).flatMap(strings);
	return [];
}

/** Both platforms' renderings of every form, and what Slack's expired trigger says, as strings. */
function rendered(t: Translator): string[] {
	return [
		...forms(t).flatMap((f) => [
			...strings(startModal(f)),
			...strings(startErrors(f)),
			...strings(startFormCard(f)),
		]),
		startFormExpired(t),
	];
}

describe("the start form in the admin's language", () => {
	it("has problems and a preview to render", () => {
		const [fresh, , wrong] = forms(translatorFor("cy"));
		expect(fresh?.draft).not.toBeNull();
		expect(Object.keys(wrong?.errors ?? {}).length).toBeGreaterThan(8);
		expect(wrong?.draft).toBeNull();
	});

	it("in Welsh, keeps none of the English wording, on Slack or Teams", () => {
		const welsh = rendered(translatorFor("cy"));
		for (const s of welsh)
			expect(
				englishOnlyWording.filter((w) => s.includes(w)),
				s,
			).toEqual([]);
		// And the English form does use that wording: the check can see English.
		const englishForm = rendered(english);
		expect(
			englishForm.filter((s) => englishOnlyWording.some((w) => s.includes(w)))
				.length,
		).toBeGreaterThan(40);
	});

	it("labels and hints every setting differently in Welsh", () => {
		const cy = translatorFor("cy");
		for (const field of startFieldOrder) {
			const welsh = startFieldText(field, cy);
			const en = startFieldText(field, english);
			expect(welsh.label, field).not.toBe(en.label);
			expect(welsh.hint, field).not.toBe(en.hint);
		}
		// The modal's title and buttons, and the card's, are short: compared whole.
		const [welshForm] = forms(cy);
		const [englishForm] = forms(english);
		if (!welshForm || !englishForm) throw new Error("no form");
		const words = (f: StartForm) => {
			const m = startModal(f);
			const card = startFormCard(f);
			return [
				m.title.text,
				m.submit?.text,
				m.close?.text,
				...(card.actions ?? []).map((a) => (a as { title?: string }).title),
			];
		};
		const welshWords = words(welshForm);
		words(englishForm).forEach((w, i) => {
			expect(welshWords[i], w).not.toBe(w);
		});
	});

	it("shows each hint on the Teams card as written: our own wording is not markdown-escaped", () => {
		const [englishForm] = forms(english);
		if (!englishForm) throw new Error("no form");
		const shown = JSON.stringify(startFormCard(englishForm));
		for (const field of startFieldOrder) {
			const hint = startFieldText(field, english).hint;
			expect(shown, field).toContain(JSON.stringify(hint).slice(1, -1));
		}
	});
});
