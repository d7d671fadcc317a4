import type { Prisma, PrismaClient } from "@prisma/client";
import type { ParticipationStatus } from "../domain/participation/response-rates.js";
import type {
	Campaign,
	CampaignStatus,
	CensusStore,
	NewCampaign,
	Participant,
	RecordResponseResult,
} from "../domain/ports.js";
import type { QuestionKey } from "../domain/questions/catalogue.js";
import type { CampaignReport } from "../domain/reporting/campaign-report.js";

type CampaignRow = Prisma.CampaignGetPayload<object>;

function toCampaign(row: CampaignRow): Campaign {
	return {
		id: row.id,
		name: row.name,
		status: row.status as CampaignStatus,
		questions: row.questions as QuestionKey[],
		channel: row.channel,
		targetRate: row.targetRate,
		closesOn: row.closesOn.toISOString().slice(0, 10),
		minCellSize: row.minCellSize,
		publicKey: Buffer.from(row.publicKey),
		startedBy: row.startedBy,
	};
}

type ParticipantRow = {
	campaign_id: string;
	employee_id: string;
	report_group: string;
	grade: string;
	status: string;
	slack_user_id: string | null;
	dm_channel: string | null;
	message_ts: string | null;
};

const participantSelect = `
	select i.campaign_id::text, i.employee_id::text, i.report_group, e.grade, i.status,
	       e.slack_user_id, i.dm_channel, i.message_ts
	from invitation i join employee e on e.id = i.employee_id`;

function toParticipant(r: ParticipantRow): Participant {
	return {
		campaignId: r.campaign_id,
		employeeId: r.employee_id,
		reportGroup: r.report_group,
		grade: r.grade,
		status: r.status as ParticipationStatus,
		slackUserId: r.slack_user_id,
		dmChannel: r.dm_channel,
		messageTs: r.message_ts,
	};
}

/** The census store on PostgreSQL through Prisma. No Prisma type leaves this file. */
export class CensusRepository implements CensusStore {
	constructor(private readonly db: PrismaClient) {}

	async findOpenCampaign(): Promise<Campaign | null> {
		const row = await this.db.campaign.findFirst({
			where: { status: { in: ["open", "closing"] } },
		});
		return row ? toCampaign(row) : null;
	}

	async findCampaign(id: string): Promise<Campaign | null> {
		if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
		const row = await this.db.campaign.findUnique({ where: { id } });
		return row ? toCampaign(row) : null;
	}

	async listActiveRoster() {
		const rows = await this.db.employee.findMany({
			where: { active: true },
			select: { id: true, department: true, grade: true },
		});
		return rows.map((r) => ({
			employeeId: r.id,
			department: r.department,
			grade: r.grade,
		}));
	}

	async openCampaign(c: NewCampaign): Promise<Campaign> {
		const row = await this.db.$transaction(
			async (tx) => {
				const created = await tx.campaign.create({
					data: {
						id: c.id,
						name: c.name,
						status: "open",
						questions: c.questions,
						channel: c.channel,
						targetRate: c.targetRate,
						closesOn: new Date(`${c.closesOn}T00:00:00Z`),
						minCellSize: c.minCellSize,
						publicKey: new Uint8Array(c.publicKey),
						wrappedKey: new Uint8Array(c.wrappedPrivateKey),
						startedBy: c.startedBy,
						openedAt: new Date(),
					},
				});
				await tx.campaignGroup.createMany({
					data: c.groups.map((g) => ({
						campaignId: c.id,
						name: g.name,
						headcount: g.headcount,
						members: g.departments,
					})),
				});
				for (let i = 0; i < c.invitations.length; i += 5000) {
					await tx.invitation.createMany({
						data: c.invitations.slice(i, i + 5000).map((inv) => ({
							campaignId: c.id,
							employeeId: inv.employeeId,
							reportGroup: inv.reportGroup,
						})),
					});
				}
				return created;
			},
			{ timeout: 120_000, maxWait: 10_000 },
		);
		return toCampaign(row);
	}

	async emailForSlackUser(slackUserId: string): Promise<string | null> {
		const row = await this.db.employee.findUnique({
			where: { slackUserId },
			select: { email: true },
		});
		return row?.email ?? null;
	}

	async findParticipantBySlackUser(
		campaignId: string,
		slackUserId: string,
	): Promise<Participant | null> {
		const rows = await this.db.$queryRawUnsafe<ParticipantRow[]>(
			`${participantSelect} where i.campaign_id = $1::uuid and e.slack_user_id = $2`,
			campaignId,
			slackUserId,
		);
		return rows[0] ? toParticipant(rows[0]) : null;
	}

	async findParticipant(
		campaignId: string,
		employeeId: string,
	): Promise<Participant | null> {
		const rows = await this.db.$queryRawUnsafe<ParticipantRow[]>(
			`${participantSelect} where i.campaign_id = $1::uuid and i.employee_id = $2::uuid`,
			campaignId,
			employeeId,
		);
		return rows[0] ? toParticipant(rows[0]) : null;
	}

	async listUninvited(campaignId: string): Promise<Participant[]> {
		const rows = await this.db.$queryRawUnsafe<ParticipantRow[]>(
			`${participantSelect} where i.campaign_id = $1::uuid and i.status = 'pending' and e.slack_user_id is not null`,
			campaignId,
		);
		return rows.map(toParticipant);
	}

	async claimInvitation(
		campaignId: string,
		employeeId: string,
	): Promise<Participant | null> {
		const n = await this.db.$executeRawUnsafe(
			`update invitation set status = 'sending'
			 where campaign_id = $1::uuid and employee_id = $2::uuid and status = 'pending'`,
			campaignId,
			employeeId,
		);
		return n === 1 ? this.findParticipant(campaignId, employeeId) : null;
	}

	async releaseInvitation(
		campaignId: string,
		employeeId: string,
	): Promise<void> {
		await this.db.$executeRawUnsafe(
			`update invitation set status = 'pending'
			 where campaign_id = $1::uuid and employee_id = $2::uuid and status = 'sending'`,
			campaignId,
			employeeId,
		);
	}

	async markInvited(
		campaignId: string,
		employeeId: string,
		dmChannel: string,
		messageTs: string,
	) {
		await this.db.$executeRawUnsafe(
			`update invitation set status = case when status in ('pending', 'sending') then 'invited' else status end,
			        dm_channel = $3, message_ts = $4
			 where campaign_id = $1::uuid and employee_id = $2::uuid`,
			campaignId,
			employeeId,
			dmChannel,
			messageTs,
		);
	}

	async recordResponse(
		campaignId: string,
		employeeId: string,
		sealedBallot: Buffer,
	): Promise<RecordResponseResult> {
		return this.db.$transaction(async (tx) => {
			const open = await tx.$queryRawUnsafe<unknown[]>(
				"select 1 from campaign where id = $1::uuid and status = 'open' for share",
				campaignId,
			);
			if (open.length === 0) return "campaign-closed";
			const flipped = await tx.$executeRawUnsafe(
				`update invitation set status = 'responded', responded_on = current_date
				 where campaign_id = $1::uuid and employee_id = $2::uuid and status <> 'responded'`,
				campaignId,
				employeeId,
			);
			if (flipped === 0) {
				const exists = await tx.invitation.count({
					where: { campaignId, employeeId },
				});
				return exists > 0 ? "already-responded" : "not-invited";
			}
			await tx.$executeRawUnsafe(
				"insert into sealed_ballot (id, campaign_id, sealed) values (gen_random_uuid(), $1::uuid, $2)",
				campaignId,
				sealedBallot,
			);
			return "recorded";
		});
	}

	async recordOptOut(campaignId: string, employeeId: string): Promise<void> {
		await this.db.$executeRawUnsafe(
			`update invitation set status = 'opted_out'
			 where campaign_id = $1::uuid and employee_id = $2::uuid and status in ('pending', 'invited')`,
			campaignId,
			employeeId,
		);
	}

	async participationCounts(campaignId: string) {
		const rows = await this.db.invitation.groupBy({
			by: ["reportGroup", "status"],
			where: { campaignId },
			_count: { _all: true },
		});
		return rows.map((r) => ({
			group: r.reportGroup,
			status: r.status as ParticipationStatus,
			count: r._count._all,
		}));
	}

	async beginClose(campaignId: string): Promise<boolean> {
		const n = await this.db.$executeRawUnsafe(
			"update campaign set status = 'closing' where id = $1::uuid and status = 'open'",
			campaignId,
		);
		return n === 1;
	}

	async loadForTally(campaignId: string) {
		const campaign = await this.db.campaign.findUnique({
			where: { id: campaignId },
			select: { wrappedKey: true },
		});
		const ballots = await this.db.sealedBallot.findMany({
			where: { campaignId },
			select: { sealed: true },
		});
		return {
			wrappedPrivateKey: campaign?.wrappedKey
				? Buffer.from(campaign.wrappedKey)
				: null,
			sealed: ballots.map((b) => Buffer.from(b.sealed)),
		};
	}

	async closeWithReport(
		campaignId: string,
		report: CampaignReport,
	): Promise<void> {
		await this.db.$transaction([
			this.db.sealedBallot.deleteMany({ where: { campaignId } }),
			this.db.campaign.update({
				where: { id: campaignId },
				data: {
					status: "closed",
					closedAt: new Date(),
					wrappedKey: null,
					report: report as unknown as Prisma.InputJsonValue,
				},
			}),
		]);
	}

	async findReport(campaignId: string): Promise<CampaignReport | null> {
		const row = await this.db.campaign.findUnique({
			where: { id: campaignId },
			select: { report: true },
		});
		return (row?.report as CampaignReport | null | undefined) ?? null;
	}
}
