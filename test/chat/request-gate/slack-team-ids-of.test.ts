import { describe, expect, it } from "vitest";
import { slackTeamIdsOf } from "../../../src/chat/request-gate/slack-team-ids-of.js";

describe("slackTeamIdsOf", () => {
	it("collects the workspace from every place Slack puts one", () => {
		expect(
			slackTeamIdsOf({
				team_id: "T1",
				team: { id: "T2" },
				user: { id: "U1", team_id: "T3" },
				view: { team_id: "T4", app_installed_team_id: "T5" },
				event: { team: "T6", user_team: "T7" },
				authorizations: [{ team_id: "T8" }, { team_id: "T9" }],
			}),
		).toEqual(["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9"]);
	});

	it("leaves out absent and null fields (an org-wide install's null team)", () => {
		expect(
			slackTeamIdsOf({ team: null, user: { id: "U1", team_id: "T1" } }),
		).toEqual(["T1"]);
		expect(slackTeamIdsOf({ type: "block_actions" })).toEqual([]);
		expect(slackTeamIdsOf(null)).toEqual([]);
	});

	it("cannot read a payload whose workspace field is of the wrong type or empty", () => {
		expect(slackTeamIdsOf({ team_id: 7 })).toBeNull();
		expect(slackTeamIdsOf({ team: { id: "" } })).toBeNull();
		expect(slackTeamIdsOf({ user: { team_id: ["T1"] } })).toBeNull();
		expect(slackTeamIdsOf({ authorizations: { team_id: "T1" } })).toBeNull();
	});
});
