import { describe, expect, it } from "vitest";
import {
	galleryCampaign,
	galleryEntries,
	messageGallery,
} from "../../src/demo/message-gallery.js";
import { english, translatorFor } from "../../src/text/translator.js";

describe("the message gallery (npm run messages)", () => {
	const { runBy, contact, privacyUrl } = galleryCampaign.organiser;

	it("shows the six messages for Slack and Teams in English (UK) and Welsh", () => {
		const md = messageGallery();
		expect(md).toContain("## English (UK), `en-GB`");
		expect(md).toContain(
			"## Cymraeg (Welsh), `cy`: our own translation, awaiting review",
		);
		for (const title of [
			"Invitation",
			"Questions",
			"Thank-you",
			"Reminder",
			"Manager nudge",
			"Leadership post (progress)",
		])
			expect(md.split(`### ${title}\n`).length - 1, title).toBe(2);
	});

	it("names the organisation, its contact and privacy notice in every invitation", () => {
		for (const t of [english, translatorFor("cy")]) {
			const [invitation] = galleryEntries(t);
			for (const text of [invitation?.slack, invitation?.teams]) {
				expect(text).toContain(runBy);
				expect(text).toContain(contact);
				expect(text).toContain(privacyUrl);
			}
		}
	});

	it("renders every message in each language: Welsh differs from English everywhere, and no placeholder is left", () => {
		const en = galleryEntries(english);
		const cy = galleryEntries(translatorFor("cy"));
		en.forEach((e, i) => {
			const w = cy[i];
			// Line by line: no line of ours is left in English (each line carries catalogue wording).
			const english = new Set([...e.slack.split("\n"), ...e.teams.split("\n")]);
			const same = [
				...(w?.slack ?? "").split("\n"),
				...(w?.teams ?? "").split("\n"),
			].filter(
				// The leader's note is the organisation's own words, in the language they wrote it.
				(l) => english.has(l) && l.trim() !== "" && !l.includes("Priya Shah"),
			);
			expect(same, e.title).toEqual([]);
			for (const text of [e.slack, e.teams, w?.slack, w?.teams]) {
				expect(text?.length, e.title).toBeGreaterThan(20);
				expect(text, e.title).not.toMatch(/\{[a-z]+\}/);
			}
		});
	});
});
