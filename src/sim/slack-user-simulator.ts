import { randomBytes } from "node:crypto";
import type { FakeSlackApi } from "./fake-slack-api.js";
import type { FakeView } from "./fake-slack-types.js";
import { signSlackRequest } from "./slack-request-signer.js";
import type {
	ClickButtonArgs,
	SimCallOptions,
	SimResponse,
	SimViewValue,
	SlackUserSimulatorOptions,
} from "./slack-user-simulator-types.js";

type Block = { block_id?: string; elements?: Element[]; accessory?: Element };
type Element = { action_id?: string; value?: string; text?: unknown };

function findButton(
	blocks: unknown[] | undefined,
	actionId: string,
): { blockId?: string; element?: Element } {
	for (const block of (blocks ?? []) as Block[]) {
		const elements = [
			...(block.elements ?? []),
			...(block.accessory ? [block.accessory] : []),
		];
		const element = elements.find((e) => e?.action_id === actionId);
		if (element) return { blockId: block.block_id, element };
	}
	return {};
}

/** A person's answer-modal submission: the view (its id, and what the app put in it) and the inputs' values. */
type ViewSubmissionArgs = {
	userId: string;
	view: Pick<FakeView, "id"> & Partial<FakeView>;
	values: Record<string, Record<string, SimViewValue>>;
};

const randomId = (prefix: string): string =>
	`${prefix}${randomBytes(5).toString("hex").toUpperCase()}`;

/** Sends correctly signed slash commands, interactions and events to a Bolt app in HTTP mode. */
export class SlackUserSimulator {
	private readonly teamId: string;
	private readonly apiAppId: string;

	constructor(private readonly opts: SlackUserSimulatorOptions) {
		this.teamId = opts.teamId ?? opts.fake.ids.teamId;
		this.apiAppId = opts.fake.ids.appId;
	}

	/** The endpoint requests go to: `{appUrl}/slack/events` unless `appUrl` already names it. */
	get eventsUrl(): string {
		const base = this.opts.appUrl.replace(/\/+$/, "");
		return base.endsWith("/slack/events") ? base : `${base}/slack/events`;
	}

	/** Runs a slash command as `userId` in their DM with the bot (or in `channelId`). */
	async slashCommand(
		userId: string,
		command: string,
		text: string,
		options: SimCallOptions & { channelId?: string } = {},
	): Promise<SimResponse> {
		const triggerId = this.opts.fake.issueTriggerId(userId);
		const responseUrl = this.opts.fake.newResponseUrl();
		const channelId = options.channelId ?? this.opts.fake.dmChannelFor(userId);
		const body = new URLSearchParams({
			token: "fake-verification-token",
			team_id: this.teamId,
			team_domain: "fake-workspace",
			channel_id: channelId,
			channel_name: channelId.startsWith("D") ? "directmessage" : "channel",
			user_id: userId,
			user_name: userId.toLowerCase(),
			command,
			text,
			api_app_id: this.apiAppId,
			is_enterprise_install: "false",
			response_url: responseUrl,
			trigger_id: triggerId,
		}).toString();
		return { ...(await this.send(body, options)), triggerId, responseUrl };
	}

	/** Clicks a button on a message the bot posted (block id and value are taken from the message when not given). */
	async clickButton(
		args: ClickButtonArgs,
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const { fake } = this.opts;
		const channelId = fake.channelIdFor(args.channel);
		const stored = fake.findMessage(channelId, args.messageTs);
		const { blockId, element } = findButton(stored?.blocks, args.actionId);
		const triggerId = fake.issueTriggerId(args.userId);
		const responseUrl = fake.newResponseUrl();
		const actionTs = (Date.now() / 1000).toFixed(6);
		const payload = {
			type: "block_actions",
			user: this.user(args.userId),
			api_app_id: this.apiAppId,
			token: "fake-verification-token",
			container: {
				type: "message",
				message_ts: args.messageTs,
				channel_id: channelId,
				is_ephemeral: false,
			},
			trigger_id: triggerId,
			team: { id: this.teamId, domain: "fake-workspace" },
			enterprise: null,
			is_enterprise_install: false,
			channel: {
				id: channelId,
				name: channelId.startsWith("D") ? "directmessage" : "channel",
			},
			message: {
				type: "message",
				user: fake.ids.botUserId,
				bot_id: fake.ids.botId,
				ts: args.messageTs,
				text: stored?.text ?? "",
				...(stored?.blocks ? { blocks: stored.blocks } : {}),
			},
			state: { values: {} },
			response_url: responseUrl,
			actions: [
				{
					type: "button",
					action_id: args.actionId,
					block_id: args.blockId ?? blockId ?? randomId("B"),
					text: element?.text ?? {
						type: "plain_text",
						text: args.actionId,
						emoji: true,
					},
					value: args.value ?? element?.value,
					action_ts: actionTs,
				},
			],
		};
		return {
			...(await this.sendPayload(payload, options)),
			triggerId,
			responseUrl,
		};
	}

	/**
	 * Clicks a button on an ephemeral reply (one the app posted to a slash command's `response_url`): the
	 * latest reply with blocks at `responseUrl` is the message clicked. The click has a fresh `response_url`.
	 */
	async clickResponseButton(
		args: { userId: string; responseUrl: string; actionId: string },
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const { fake } = this.opts;
		const reply = [...fake.responses]
			.reverse()
			.find(
				(r) =>
					r.url === args.responseUrl &&
					Array.isArray((r.body as { blocks?: unknown[] }).blocks),
			);
		const blocks = (reply?.body as { blocks?: unknown[] } | undefined)?.blocks;
		const { blockId, element } = findButton(blocks, args.actionId);
		if (!element)
			throw new Error(
				`no ${args.actionId} button in the replies to ${args.responseUrl}`,
			);
		const channelId = fake.dmChannelFor(args.userId);
		const triggerId = fake.issueTriggerId(args.userId);
		const responseUrl = fake.newResponseUrl();
		const payload = {
			type: "block_actions",
			user: this.user(args.userId),
			api_app_id: this.apiAppId,
			token: "fake-verification-token",
			container: {
				type: "message",
				message_ts: (Date.now() / 1000).toFixed(6),
				channel_id: channelId,
				is_ephemeral: true,
			},
			trigger_id: triggerId,
			team: { id: this.teamId, domain: "fake-workspace" },
			enterprise: null,
			is_enterprise_install: false,
			channel: { id: channelId, name: "directmessage" },
			state: { values: {} },
			response_url: responseUrl,
			actions: [
				{
					type: "button",
					action_id: args.actionId,
					block_id: blockId ?? randomId("B"),
					text: element.text ?? {
						type: "plain_text",
						text: args.actionId,
						emoji: true,
					},
					value: element.value,
					action_ts: (Date.now() / 1000).toFixed(6),
				},
			],
		};
		return {
			...(await this.sendPayload(payload, options)),
			triggerId,
			responseUrl,
		};
	}

	/** Submits a modal with the given input values (`values[blockId][actionId]`). */
	async submitView(
		args: ViewSubmissionArgs,
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const { triggerId, payload } = this.viewSubmission(args);
		return { ...(await this.sendPayload(payload, options)), triggerId };
	}

	/**
	 * A `view_submission` signed now but not sent: the body and headers to post to `eventsUrl` within Slack's five
	 * minutes. A load generator builds them all first, so that its own signing is not in what it measures.
	 */
	signedViewSubmission(args: ViewSubmissionArgs): {
		body: string;
		headers: Record<string, string>;
	} {
		const body = new URLSearchParams({
			payload: JSON.stringify(this.viewSubmission(args).payload),
		}).toString();
		return { body, headers: signSlackRequest(this.opts.signingSecret, body) };
	}

	private viewSubmission(args: ViewSubmissionArgs): {
		triggerId: string;
		payload: unknown;
	} {
		const triggerId = this.opts.fake.issueTriggerId(args.userId);
		const payload = {
			type: "view_submission",
			team: { id: this.teamId, domain: "fake-workspace" },
			user: this.user(args.userId),
			api_app_id: this.apiAppId,
			token: "fake-verification-token",
			trigger_id: triggerId,
			view: {
				type: "modal",
				callback_id: "",
				private_metadata: "",
				...args.view,
				state: { values: args.values },
			},
			response_urls: [],
			is_enterprise_install: false,
			enterprise: null,
		};
		return { triggerId, payload };
	}

	/**
	 * Clicks a button in an open modal (`block_actions` from a view): the payload carries the view as it is, with
	 * the inputs' current values (`values[blockId][actionId]`), as Slack sends it.
	 */
	async clickViewButton(
		args: {
			userId: string;
			view: FakeView;
			actionId: string;
			values: Record<string, Record<string, SimViewValue>>;
		},
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const { blockId, element } = findButton(
			args.view.blocks as unknown[] | undefined,
			args.actionId,
		);
		if (!element) throw new Error(`no ${args.actionId} button in the view`);
		const triggerId = this.opts.fake.issueTriggerId(args.userId);
		const payload = {
			type: "block_actions",
			user: this.user(args.userId),
			api_app_id: this.apiAppId,
			token: "fake-verification-token",
			container: { type: "view", view_id: args.view.id },
			trigger_id: triggerId,
			team: { id: this.teamId, domain: "fake-workspace" },
			enterprise: null,
			is_enterprise_install: false,
			view: { ...args.view, state: { values: args.values } },
			actions: [
				{
					type: "button",
					action_id: args.actionId,
					block_id: blockId ?? randomId("B"),
					text: element.text ?? {
						type: "plain_text",
						text: args.actionId,
						emoji: true,
					},
					value: element.value,
					action_ts: (Date.now() / 1000).toFixed(6),
				},
			],
		};
		return { ...(await this.sendPayload(payload, options)), triggerId };
	}

	/** Delivers an Events API event inside an `event_callback` envelope. */
	async event(
		event: Record<string, unknown>,
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const now = Date.now();
		const envelope = {
			token: "fake-verification-token",
			team_id: this.teamId,
			api_app_id: this.apiAppId,
			event: { event_ts: (now / 1000).toFixed(6), ...event },
			type: "event_callback",
			event_id: randomId("Ev"),
			event_time: Math.floor(now / 1000),
			authorizations: [
				{
					enterprise_id: null,
					team_id: this.teamId,
					user_id: this.opts.fake.ids.botUserId,
					is_bot: true,
					is_enterprise_install: false,
				},
			],
			is_ext_shared_channel: false,
		};
		return this.send(JSON.stringify(envelope), options);
	}

	/** The user opens the bot's Home tab. */
	async appHomeOpened(
		userId: string,
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const view = this.opts.fake.homeView(userId);
		return this.event(
			{
				type: "app_home_opened",
				user: userId,
				channel: this.opts.fake.dmChannelFor(userId),
				tab: "home",
				...(view ? { view } : {}),
			},
			options,
		);
	}

	/** The user opens the bot's Messages tab (their DM with it). */
	async messagesTabOpened(
		userId: string,
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		return this.event(
			{
				type: "app_home_opened",
				user: userId,
				channel: this.opts.fake.dmChannelFor(userId),
				tab: "messages",
			},
			options,
		);
	}

	/** The user writes a direct message to the bot. */
	async directMessage(
		userId: string,
		text: string,
		options: SimCallOptions = {},
	): Promise<SimResponse> {
		const ts = (Date.now() / 1000).toFixed(6);
		const channel = this.opts.fake.dmChannelFor(userId);
		return this.event(
			{ type: "message", channel_type: "im", channel, user: userId, text, ts },
			options,
		);
	}

	/**
	 * The user shares a file in their direct message with the bot: the fake workspace keeps it (see
	 * `FakeSlackApi.shareFileFrom`) and the app gets `file_shared`, as Slack sends it. Returns the file's id.
	 */
	async shareFile(
		userId: string,
		file: Parameters<FakeSlackApi["shareFileFrom"]>[1],
		options: SimCallOptions = {},
	): Promise<SimResponse & { fileId: string }> {
		const shared = this.opts.fake.shareFileFrom(userId, file);
		const sent = await this.event(
			{
				type: "file_shared",
				channel_id: shared.channelId,
				file_id: shared.id,
				user_id: userId,
				file: { id: shared.id },
			},
			options,
		);
		return { ...sent, fileId: shared.id };
	}

	/** Posts a body as-is with the given headers (no signing), e.g. to test rejection. */
	async sendRaw(
		body: string,
		headers: Record<string, string>,
	): Promise<SimResponse> {
		const res = await fetch(this.eventsUrl, { method: "POST", headers, body });
		const text = await res.text();
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return {
			status: res.status,
			body: text,
			...(json === undefined ? {} : { json }),
		};
	}

	private user(userId: string): Record<string, string> {
		return {
			id: userId,
			username: userId.toLowerCase(),
			name: userId.toLowerCase(),
			team_id: this.teamId,
		};
	}

	private sendPayload(
		payload: unknown,
		options: SimCallOptions,
	): Promise<SimResponse> {
		return this.send(
			new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
			options,
		);
	}

	private send(body: string, options: SimCallOptions): Promise<SimResponse> {
		const secret = options.badSignature
			? `${this.opts.signingSecret}-wrong`
			: this.opts.signingSecret;
		return this.sendRaw(body, {
			...signSlackRequest(secret, body, options.timestampSec),
			...(options.retryNum
				? {
						"x-slack-retry-num": String(options.retryNum),
						"x-slack-retry-reason": "http_timeout",
					}
				: {}),
		});
	}
}
