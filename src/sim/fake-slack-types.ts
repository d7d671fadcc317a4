/** One Web API call received by the fake, in arrival order. */
export type RecordedCall = {
	method: string;
	params: Record<string, unknown>;
	at: number;
	/** Set when the call was refused with HTTP 429. */
	rateLimited?: boolean;
	/** The `error` the fake answered with, when `ok` was false. */
	error?: string;
};

/** Current state of one posted message, including later `chat.update`s. */
export type FakeMessage = {
	channel: string;
	ts: string;
	text: string | undefined;
	blocks: unknown[] | undefined;
	updates: number;
	threadTs?: string;
};

/** An ephemeral message sent with `chat.postEphemeral`. */
export type FakeEphemeral = {
	channel: string;
	user: string;
	messageTs: string;
	text: string | undefined;
	blocks: unknown[] | undefined;
};

/** A Slack view object as the fake stores and returns it. */
export type FakeView = Record<string, unknown> & {
	id: string;
	type?: string;
	callback_id?: string;
	private_metadata?: string;
	hash: string;
};

/** A file uploaded through `files.getUploadURLExternal` + upload URL + `files.completeUploadExternal`. */
export type FakeUploadedFile = {
	id: string;
	filename: string;
	title: string | undefined;
	/** The description of the image for screen readers, as `files.getUploadURLExternal` took it. */
	altText?: string;
	bytes: Buffer | undefined;
	completed: boolean;
	channelId?: string;
	initialComment?: string;
	threadTs?: string;
};

/** A file a person shared in a conversation with the bot, as `files.info` describes it and its private URL serves it. */
export type FakeSharedFile = {
	id: string;
	name: string;
	mimetype: string;
	bytes: Buffer;
	/** Who shared it. */
	user: string;
	channelId: string;
	/** Set to report a size other than the bytes' (a file too large to send to the test). */
	reportedSize?: number;
};

/** A user known to the fake workspace (see `FakeSlackApi.addUser`). */
export type FakeUser = {
	id: string;
	email?: string;
	name?: string;
	realName?: string;
	tz?: string;
	isBot?: boolean;
	deleted?: boolean;
	/** A multi-channel guest. */
	isRestricted?: boolean;
	/** A single-channel guest (Slack sets `is_restricted` too). */
	isUltraRestricted?: boolean;
	/** The workspace of an Enterprise Grid org the member belongs to (default: the fake's own team). */
	teamId?: string;
	/** The member's Slack language (default "en-US"), sent only to `users.list`/`users.info` with `include_locale`. */
	locale?: string;
};

/** A JSON body posted to a `response_url`. */
export type FakeResponse = { url: string; body: unknown };

/** What a method handler answers: the Slack JSON body (always sent with HTTP 200). */
export type SlackResult = Record<string, unknown> & {
	ok: boolean;
	error?: string;
};

/** Handles one Web API method against the workspace state. */
export type SlackMethodHandler = (
	params: Record<string, unknown>,
	ws: import("./fake-slack-workspace.js").FakeSlackWorkspace,
) => SlackResult;
