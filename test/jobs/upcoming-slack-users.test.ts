import { describe, expect, it } from "vitest";
import { upcomingSlackUsers } from "../../src/jobs/upcoming-slack-users.js";
import { InMemoryOutbox } from "../fakes/in-memory-outbox.js";

describe("upcomingSlackUsers", () => {
	it("names the people the next queued deliveries will message, once each, leaving out posts and what is no longer wanted", async () => {
		const outbox = new InMemoryOutbox();
		outbox.add("invite", "invite", "U1");
		outbox.add("again", "nudge", "U1");
		outbox.add("reminder", "reminder", "U2").participation = "invited";
		outbox.add("answered", "reminder", "U3").participation = "responded";
		outbox.add("closed", "invite", "U4", "closed");
		outbox.add("post", "post", "U5");
		outbox.add("sent", "invite", "U6").state = "sent";
		const queue = {
			nextDeliveryIds: async () => [...outbox.rows.keys(), "missing"],
		};
		expect(await upcomingSlackUsers(queue, outbox)()).toEqual(["U1", "U2"]);
	});
});
