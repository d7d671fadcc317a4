import { createHash, randomBytes } from "node:crypto";
import type {
	FakeEphemeral,
	FakeMessage,
	FakeResponse,
	FakeSharedFile,
	FakeUploadedFile,
	FakeUser,
	FakeView,
} from "./fake-slack-types.js";

type Trigger = { issuedAt: number; userId: string | undefined; used: boolean };

/** How long Slack honours a `trigger_id`. */
const triggerLifetimeMs = 3000;

function stableId(prefix: string, key: string): string {
	return (
		prefix +
		createHash("sha256").update(key).digest("hex").slice(0, 10).toUpperCase()
	);
}

/** The in-memory state of the fake Slack workspace, shared by the method handlers. */
export class FakeSlackWorkspace {
	readonly teamId = "T0FAKE";
	readonly teamDomain = "fake-workspace";
	readonly botUserId = "U0BOT";
	readonly botId = "B0BOT";
	readonly appId = "A0FAKE";
	baseUrl = "";
	messages: FakeMessage[] = [];
	ephemerals: FakeEphemeral[] = [];
	readonly views = new Map<string, FakeView>();
	readonly viewOwners = new Map<string, string | undefined>();
	readonly homeViews = new Map<string, FakeView>();
	readonly files = new Map<string, FakeUploadedFile>();
	/** Files people shared (see `FakeSlackApi.shareFileFrom`), served to the bot token at their private URL. */
	readonly userFiles = new Map<string, FakeSharedFile>();
	readonly users = new Map<string, FakeUser>();
	/** False while the app lacks `users:read.email`: user objects come without `profile.email`, as Slack sends them. */
	emailsVisible = true;
	/** Set for an Enterprise Grid org-wide install: the org's workspaces (`auth.teams.list`). */
	enterpriseTeams: string[] | undefined;
	readonly enterpriseId = "E0FAKE";
	/** Do Not Disturb windows by user id (see `FakeSlackApi.setDoNotDisturb`). */
	readonly dnd = new Map<string, { startMs: number; endMs: number }>();
	readonly responseIds = new Set<string>();
	responses: FakeResponse[] = [];
	private readonly triggers = new Map<string, Trigger>();
	private seq = 0;
	private tsSeq = 0;

	constructor(readonly now: () => number = Date.now) {}

	/** A unique, increasing message timestamp such as `1700000000.000100`. */
	nextTs(): string {
		this.tsSeq += 1;
		const micros = 1_700_000_000_000_000 + this.tsSeq * 100;
		return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
	}

	/** A fresh id such as `V0000000001`. */
	nextId(prefix: string): string {
		this.seq += 1;
		return `${prefix}${this.seq.toString(36).toUpperCase().padStart(10, "0")}`;
	}

	/** The stable DM channel id (`D…`) between the bot and a user. */
	dmChannelFor(userId: string): string {
		return stableId("D", `dm:${userId}`);
	}

	/** Maps a user id to its DM, a channel name (`#x` or `x`) to a stable `C…` id, and keeps ids. */
	resolveChannel(channel: string): string {
		if (/^[UW]/.test(channel)) return this.dmChannelFor(channel);
		if (/^[CGD][A-Z0-9]*$/.test(channel)) return channel;
		return stableId("C", `channel:${channel.replace(/^#/, "").toLowerCase()}`);
	}

	/** The current state of a posted message, if it exists. */
	findMessage(channel: string, ts: string): FakeMessage | undefined {
		const id = this.resolveChannel(channel);
		return this.messages.find((m) => m.channel === id && m.ts === ts);
	}

	/** Issues a `trigger_id` the way Slack does when a user interacts. */
	issueTriggerId(userId?: string, issuedAt = this.now()): string {
		this.seq += 1;
		const id = `${this.seq}.${issuedAt}.${randomBytes(8).toString("hex")}`;
		this.triggers.set(id, { issuedAt, userId, used: false });
		return id;
	}

	/** Uses up a trigger; answers the Slack error when it is unknown, used or older than 3 s. */
	consumeTrigger(
		triggerId: unknown,
	): { error: string } | { userId: string | undefined } {
		const trigger =
			typeof triggerId === "string" ? this.triggers.get(triggerId) : undefined;
		if (
			!trigger ||
			trigger.used ||
			this.now() - trigger.issuedAt >= triggerLifetimeMs
		) {
			return { error: "expired_trigger_id" };
		}
		trigger.used = true;
		return { userId: trigger.userId };
	}

	/** A fresh `response_url` id. */
	newResponseId(): string {
		const id = randomBytes(12).toString("hex");
		this.responseIds.add(id);
		return id;
	}

	/** Looks a user up, or makes up an ordinary member for any `U…`/`W…` id. */
	userFor(userId: string): FakeUser | undefined {
		const known = this.users.get(userId);
		if (known) return known;
		return /^[UW]/.test(userId) ? { id: userId } : undefined;
	}

	/** Forgets messages, views, files, responses and triggers; keeps users and id mappings. */
	reset(): void {
		this.messages = [];
		this.ephemerals = [];
		this.views.clear();
		this.viewOwners.clear();
		this.homeViews.clear();
		this.files.clear();
		this.userFiles.clear();
		this.responseIds.clear();
		this.responses = [];
		this.triggers.clear();
	}
}
