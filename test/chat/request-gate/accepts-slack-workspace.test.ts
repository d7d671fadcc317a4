import { describe, expect, it } from "vitest";
import {
	acceptsSlackWorkspace,
	slackEnterpriseIdsOf,
} from "../../../src/chat/request-gate/accepts-slack-workspace.js";

const workspace = { teamId: "T1", enterpriseId: undefined, orgWide: false };
const org = { teamId: undefined, enterpriseId: "E1", orgWide: true };

describe("acceptsSlackWorkspace", () => {
	it("a single-workspace install accepts only its own workspace", () => {
		expect(acceptsSlackWorkspace({ team_id: "T1" }, workspace)).toBe(true);
		expect(
			acceptsSlackWorkspace(
				{ team: { id: "T1" }, user: { team_id: "T2" } },
				workspace,
			),
		).toBe(false);
		expect(acceptsSlackWorkspace({ type: "block_actions" }, workspace)).toBe(
			false,
		);
	});

	it("an org-wide Enterprise Grid install accepts any workspace of its org, and no other org", () => {
		// Slash commands and events name the org in enterprise_id; interactions in enterprise.id.
		expect(
			acceptsSlackWorkspace({ team_id: "T7", enterprise_id: "E1" }, org),
		).toBe(true);
		expect(
			acceptsSlackWorkspace(
				{
					team: { id: "T8" },
					enterprise: { id: "E1" },
					user: { team_id: "T8" },
				},
				org,
			),
		).toBe(true);
		expect(
			acceptsSlackWorkspace({ team_id: "T7", enterprise_id: "E2" }, org),
		).toBe(false);
		expect(
			acceptsSlackWorkspace(
				{ enterprise_id: "E1", authorizations: [{ enterprise_id: "E9" }] },
				org,
			),
		).toBe(false);
		// Naming no org at all, or an unreadable one, is not ours.
		expect(acceptsSlackWorkspace({ team_id: "T7" }, org)).toBe(false);
		expect(acceptsSlackWorkspace({ enterprise_id: 5 }, org)).toBe(false);
		expect(
			acceptsSlackWorkspace(
				{ team_id: "T7", enterprise_id: "E1" },
				{ ...org, enterpriseId: undefined },
			),
		).toBe(false);
	});

	it("reads every org id Slack puts in a payload", () => {
		expect(
			slackEnterpriseIdsOf({
				enterprise_id: "E1",
				enterprise: { id: "E2" },
				authorizations: [{ enterprise_id: "E3" }, { enterprise_id: null }],
			}),
		).toEqual(["E1", "E2", "E3"]);
		expect(slackEnterpriseIdsOf({ enterprise: { id: "" } })).toBeNull();
	});
});
