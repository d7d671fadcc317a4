import { describe, expect, it } from "vitest";
import { defaultWorkingHours } from "../../../src/domain/campaigns/working-hours.js";
import {
	type DoNotDisturb,
	doNotDisturbEnd,
	holdForDoNotDisturb,
} from "../../../src/domain/deliveries/do-not-disturb.js";

const at = (iso: string) => new Date(iso);
const none: DoNotDisturb = {
	scheduleEnabled: false,
	nextStart: null,
	nextEnd: null,
	snoozeEnd: null,
};
// Tuesday 2026-03-10, 10:00 in London (GMT).
const now = at("2026-03-10T10:00:00Z");

describe("doNotDisturbEnd", () => {
	it("is null for someone without Do Not Disturb", () => {
		expect(doNotDisturbEnd(now, none)).toBeNull();
	});

	it("is the end of the scheduled window while it lasts", () => {
		const dnd = {
			...none,
			scheduleEnabled: true,
			nextStart: at("2026-03-10T09:30:00Z"),
			nextEnd: at("2026-03-10T11:00:00Z"),
		};
		expect(doNotDisturbEnd(now, dnd)).toEqual(at("2026-03-10T11:00:00Z"));
		expect(doNotDisturbEnd(at("2026-03-10T11:00:00Z"), dnd)).toBeNull();
		expect(doNotDisturbEnd(at("2026-03-10T09:00:00Z"), dnd)).toBeNull();
	});

	it("ignores a schedule that is switched off, and a window yet to come", () => {
		expect(
			doNotDisturbEnd(now, {
				...none,
				nextStart: at("2026-03-10T09:00:00Z"),
				nextEnd: at("2026-03-10T11:00:00Z"),
			}),
		).toBeNull();
		expect(
			doNotDisturbEnd(now, {
				...none,
				scheduleEnabled: true,
				nextStart: at("2026-03-10T22:00:00Z"),
				nextEnd: at("2026-03-11T08:00:00Z"),
			}),
		).toBeNull();
	});

	it("counts a snooze in progress, and the later end when both apply", () => {
		const snoozed = { ...none, snoozeEnd: at("2026-03-10T10:45:00Z") };
		expect(doNotDisturbEnd(now, snoozed)).toEqual(at("2026-03-10T10:45:00Z"));
		expect(doNotDisturbEnd(at("2026-03-10T10:45:00Z"), snoozed)).toBeNull();
		expect(
			doNotDisturbEnd(now, {
				scheduleEnabled: true,
				nextStart: at("2026-03-10T09:00:00Z"),
				nextEnd: at("2026-03-10T10:30:00Z"),
				snoozeEnd: at("2026-03-10T10:45:00Z"),
			}),
		).toEqual(at("2026-03-10T10:45:00Z"));
	});
});

describe("holdForDoNotDisturb", () => {
	it("holds until the end of Do Not Disturb inside working hours", () => {
		const dnd = { ...none, snoozeEnd: at("2026-03-10T10:45:00Z") };
		expect(
			holdForDoNotDisturb(now, dnd, "Europe/London", defaultWorkingHours),
		).toEqual(at("2026-03-10T10:45:00Z"));
	});

	it("holds to the next morning when Do Not Disturb ends after working hours", () => {
		const dnd = {
			...none,
			scheduleEnabled: true,
			nextStart: at("2026-03-10T09:00:00Z"),
			nextEnd: at("2026-03-10T18:00:00Z"),
		};
		expect(
			holdForDoNotDisturb(now, dnd, "Europe/London", defaultWorkingHours),
		).toEqual(at("2026-03-11T09:00:00Z"));
		// In New York the working day ends at 21:00 UTC: 18:00 UTC is still in it.
		expect(
			holdForDoNotDisturb(now, dnd, "America/New_York", defaultWorkingHours),
		).toEqual(at("2026-03-10T18:00:00Z"));
	});

	it("does not hold someone who may be messaged now", () => {
		expect(
			holdForDoNotDisturb(now, none, "Europe/London", defaultWorkingHours),
		).toBeNull();
	});
});
