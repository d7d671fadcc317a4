import { describe, expect, it } from "vitest";
import { asEmployeeId } from "../../../src/domain/ids.js";
import type {
	PlatformDirectory,
	ReachOutcome,
} from "../../../src/domain/roster/reach.js";
import {
	type ReachPerson,
	type ReachUpdate,
	resolveReach,
} from "../../../src/domain/roster/resolve-reach.js";

const person = (n: number, email: string): ReachPerson => ({
	employeeId: asEmployeeId(`00000000-0000-4000-8000-00000000000${n}`),
	email,
	slackUserId: null,
	teamsUserId: null,
	unreachableReason: null,
});

/** A Slack directory that answers from a table, as a listing (with locales) or a lookup (without) would. */
const directory = (
	outcomes: Record<string, ReachOutcome>,
): PlatformDirectory => ({
	platform: "slack",
	async resolve(emails) {
		return emails.map((email) => ({
			email,
			platform: "slack" as const,
			outcome: outcomes[email] ?? { kind: "unreachable", reason: "not_found" },
		}));
	},
});

describe("the reach check records the platform's locale with the id", () => {
	it("keeps the locale a directory gives, and leaves the recorded one alone when it gives none", async () => {
		const people = [
			person(1, "welsh@example.org"),
			person(2, "looked-up@example.org"),
			person(3, "gone@example.org"),
		];
		let recorded: readonly ReachUpdate[] = [];
		await resolveReach({
			roster: {
				listActivePeople: async () => people,
				recordReach: async (updates) => {
					recorded = updates;
				},
			},
			platforms: ["slack"],
			directories: [
				directory({
					"welsh@example.org": {
						kind: "found",
						userId: "U1",
						locale: "cy-GB",
					},
					"looked-up@example.org": { kind: "found", userId: "U2" },
					"gone@example.org": { kind: "unreachable", reason: "deactivated" },
				}),
			],
			now: () => new Date(0),
		});
		const [welsh, lookedUp, gone] = people.map((p) =>
			recorded.find((u) => u.employeeId === p.employeeId),
		);
		expect(welsh).toEqual({
			employeeId: people[0]?.employeeId,
			slackUserId: "U1",
			platformLocale: "cy-GB",
			unreachableReason: null,
		});
		expect(lookedUp).toMatchObject({ slackUserId: "U2" });
		expect(lookedUp).not.toHaveProperty("platformLocale");
		expect(gone).toMatchObject({ unreachableReason: "deactivated" });
		expect(gone).not.toHaveProperty("platformLocale");
	});
});
