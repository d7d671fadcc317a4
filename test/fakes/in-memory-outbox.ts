import type {
	ClaimResult,
	DeliveryKind,
	DeliveryRecipient,
	DeliveryState,
	OutboxStore,
} from "../../src/domain/deliveries/outbox-store.js";
import { asCampaignId } from "../../src/domain/ids.js";

type Row = {
	id: string;
	kind: DeliveryKind;
	state: DeliveryState;
	attempts: number;
	notBefore: Date;
	slackUserId: string | null;
	/** The campaign's status as the claim reads it. */
	campaignStatus: string;
	/** The recipient's participation as the claim reads it ("pending" unless a test changes it). */
	participation: string;
	ref?: string;
};

const campaignId = asCampaignId("00000000-0000-4000-8000-000000000001");

/** An outbox in memory, for tests of the delivery steps; only what `processDelivery` uses is implemented. */
export class InMemoryOutbox
	implements Pick<OutboxStore, "peek" | "hold" | "claim" | "release" | "finish">
{
	readonly rows = new Map<string, Row>();

	add(
		id: string,
		kind: DeliveryKind = "invite",
		slackUserId = "U1",
		campaignStatus = "open",
	): Row {
		const row: Row = {
			id,
			kind,
			campaignStatus,
			participation: "pending",
			state: "queued",
			attempts: 0,
			notBefore: new Date(0),
			slackUserId,
		};
		this.rows.set(id, row);
		return row;
	}

	async peek(id: string): Promise<DeliveryRecipient | null> {
		const r = this.rows.get(id);
		return r
			? {
					id,
					campaignId,
					kind: r.kind,
					state: r.state,
					slackUserId: r.slackUserId,
					teamsUserId: null,
					timeZone: null,
					participation: r.participation,
					campaignStatus: r.campaignStatus,
				}
			: null;
	}

	async hold(id: string, until: Date): Promise<boolean> {
		const r = this.rows.get(id);
		if (r?.state !== "queued") return false;
		r.notBefore = until;
		return true;
	}

	async claim(id: string): Promise<ClaimResult> {
		const r = this.rows.get(id);
		if (r?.state === "sending") {
			r.state = "unknown";
			return { outcome: "interrupted" };
		}
		if (r?.state !== "queued") return { outcome: "gone" };
		r.state = "sending";
		r.attempts++;
		return {
			outcome: "claimed",
			delivery: {
				id,
				campaignId,
				kind: r.kind,
				wave: 0,
				employeeId: null,
				recipient: id,
				payload: null,
				slackUserId: r.slackUserId,
				teamsUserId: null,
				participation: r.participation,
				campaignStatus: r.campaignStatus,
			},
		};
	}

	async release(id: string): Promise<void> {
		const r = this.rows.get(id);
		if (r?.state === "sending") r.state = "queued";
	}

	async finish(
		id: string,
		state: Exclude<DeliveryState, "queued" | "sending">,
		platformRef?: string,
	): Promise<void> {
		const r = this.rows.get(id);
		if (r?.state === "sending") {
			r.state = state;
			if (platformRef) r.ref = platformRef;
		}
	}
}
