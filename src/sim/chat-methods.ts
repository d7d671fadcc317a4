import type {
	FakeMessage,
	FakeUser,
	SlackMethodHandler,
	SlackResult,
} from "./fake-slack-types.js";
import type { FakeSlackWorkspace } from "./fake-slack-workspace.js";

const str = (value: unknown): string | undefined =>
	typeof value === "string"
		? value
		: typeof value === "number"
			? String(value)
			: undefined;
const blocksOf = (value: unknown): unknown[] | undefined =>
	Array.isArray(value) ? value : undefined;
const fail = (error: string): SlackResult => ({ ok: false, error });

function messageBody(
	ws: FakeSlackWorkspace,
	m: FakeMessage,
): Record<string, unknown> {
	return {
		type: "message",
		subtype: "bot_message",
		user: ws.botUserId,
		bot_id: ws.botId,
		app_id: ws.appId,
		team: ws.teamId,
		ts: m.ts,
		text: m.text ?? "",
		...(m.blocks ? { blocks: m.blocks } : {}),
		...(m.threadTs ? { thread_ts: m.threadTs } : {}),
	};
}

/** A user object as Slack returns it; the email only while the app has `users:read.email`. */
export function userBody(
	ws: FakeSlackWorkspace,
	user: FakeUser,
	includeLocale = false,
): Record<string, unknown> {
	const name = user.name ?? user.id.toLowerCase();
	return {
		id: user.id,
		team_id: ws.teamId,
		name,
		real_name: user.realName ?? name,
		deleted: user.deleted ?? false,
		is_bot: user.isBot ?? false,
		is_app_user: false,
		is_restricted:
			(user.isRestricted ?? false) || (user.isUltraRestricted ?? false),
		is_ultra_restricted: user.isUltraRestricted ?? false,
		tz: user.tz ?? "Europe/London",
		tz_label: "Greenwich Mean Time",
		tz_offset: 0,
		profile: {
			real_name: user.realName ?? name,
			display_name: name,
			...(user.email && ws.emailsVisible ? { email: user.email } : {}),
		},
		// Slack sends `locale` only when asked (`include_locale`), and every member has one.
		...(includeLocale ? { locale: user.locale ?? "en-US" } : {}),
	};
}

/** Whether a call asked for members' locales (`include_locale`, a form field "true" or a JSON boolean). */
export function asksForLocale(p: Record<string, unknown>): boolean {
	return p.include_locale === true || p.include_locale === "true";
}

/** `auth.test`, `chat.*`, `conversations.open` and `users.*` for the fake workspace. */
export const chatMethods: Record<string, SlackMethodHandler> = {
	"auth.test": (_p, ws) => ({
		ok: true,
		url: `https://${ws.teamDomain}.slack.com/`,
		team: "Fake Workspace",
		user: "census-bot",
		team_id: ws.teamId,
		user_id: ws.botUserId,
		bot_id: ws.botId,
		is_enterprise_install: ws.enterpriseTeams !== undefined,
		...(ws.enterpriseTeams ? { enterprise_id: ws.enterpriseId } : {}),
	}),
	"chat.postMessage": (p, ws) => {
		const target = str(p.channel);
		if (!target) return fail("channel_not_found");
		const text = str(p.text);
		const blocks = blocksOf(p.blocks);
		if (text === undefined && !blocks && p.attachments === undefined)
			return fail("no_text");
		const message: FakeMessage = {
			channel: ws.resolveChannel(target),
			ts: ws.nextTs(),
			text,
			blocks,
			updates: 0,
			...(str(p.thread_ts) ? { threadTs: str(p.thread_ts) } : {}),
		};
		ws.messages.push(message);
		return {
			ok: true,
			channel: message.channel,
			ts: message.ts,
			message: messageBody(ws, message),
		};
	},
	"chat.update": (p, ws) => {
		const channel = str(p.channel);
		const ts = str(p.ts);
		const message = channel && ts ? ws.findMessage(channel, ts) : undefined;
		if (!message) return fail("message_not_found");
		if (p.text !== undefined) message.text = str(p.text);
		if (p.blocks !== undefined) message.blocks = blocksOf(p.blocks);
		message.updates += 1;
		return {
			ok: true,
			channel: message.channel,
			ts: message.ts,
			text: message.text ?? "",
			message: messageBody(ws, message),
		};
	},
	"chat.postEphemeral": (p, ws) => {
		const channel = str(p.channel);
		const user = str(p.user);
		if (!channel) return fail("channel_not_found");
		if (!user) return fail("user_not_in_channel");
		const messageTs = ws.nextTs();
		ws.ephemerals.push({
			channel: ws.resolveChannel(channel),
			user,
			messageTs,
			text: str(p.text),
			blocks: blocksOf(p.blocks),
		});
		return { ok: true, message_ts: messageTs };
	},
	"chat.delete": (p, ws) => {
		const channel = str(p.channel);
		const ts = str(p.ts);
		const message = channel && ts ? ws.findMessage(channel, ts) : undefined;
		if (!message) return fail("message_not_found");
		ws.messages = ws.messages.filter((m) => m !== message);
		return { ok: true, channel: message.channel, ts: message.ts };
	},
	"conversations.open": (p, ws) => {
		const users = (str(p.users) ?? "").split(",").filter((u) => u.length > 0);
		const channel = str(p.channel);
		if (users.length === 0 && channel)
			return { ok: true, channel: { id: channel } };
		const [only] = users;
		if (!only) return fail("users_list_not_supplied");
		// Group DMs are not simulated.
		if (users.length > 1) return fail("not_supported_by_fake");
		return {
			ok: true,
			channel: { id: ws.dmChannelFor(only), is_im: true, user: only },
		};
	},
	"users.info": (p, ws) => {
		const user = ws.userFor(str(p.user) ?? "");
		return user
			? { ok: true, user: userBody(ws, user, asksForLocale(p)) }
			: fail("user_not_found");
	},
	"users.lookupByEmail": (p, ws) => {
		const email = str(p.email)?.toLowerCase();
		const user = [...ws.users.values()].find(
			(u) => u.email?.toLowerCase() === email,
		);
		return user
			? { ok: true, user: userBody(ws, user) }
			: fail("users_not_found");
	},
};
