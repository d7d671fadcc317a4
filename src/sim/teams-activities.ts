import { randomBytes } from "node:crypto";
import { personalConversationId } from "./fake-bot-connector.js";

/** A person as Teams identifies them to a bot. */
export type TeamsTestUser = {
	/** Bot-scoped user id (`29:…`). */
	id: string;
	/** Microsoft Entra object id. */
	aadObjectId: string;
	name: string;
	/** The locale of the person's Teams client, which every activity from them carries (default `en-GB`). */
	locale?: string;
};

/** Where activities come from: the tenant, the connector and the bot they are addressed to. */
export type TeamsActivityContext = {
	serviceUrl: string;
	tenantId: string;
	/** The bot's app id; Teams addresses the bot as `28:<appId>`. */
	appId: string;
	botName?: string;
};

/** A team channel the bot is installed in. */
export type TeamsTestChannel = { teamId: string; channelId: string };

/** An activity as Teams posts it to `/api/messages` (plain JSON). */
export type TeamsActivityJson = Record<string, unknown>;

function common(ctx: TeamsActivityContext, user: TeamsTestUser) {
	return {
		id: `f:${randomBytes(8).toString("hex")}`,
		timestamp: new Date().toISOString(),
		channelId: "msteams",
		serviceUrl: ctx.serviceUrl,
		from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
		recipient: { id: `28:${ctx.appId}`, name: ctx.botName ?? "Census" },
		locale: user.locale ?? "en-GB",
	};
}

function personalConversation(ctx: TeamsActivityContext, user: TeamsTestUser) {
	return {
		conversation: {
			conversationType: "personal",
			tenantId: ctx.tenantId,
			id: personalConversationId(user.id),
		},
		channelData: { tenant: { id: ctx.tenantId } },
	};
}

/** A message typed in the bot's personal chat. */
export function personalMessage(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
	text: string,
): TeamsActivityJson {
	return {
		...common(ctx, user),
		...personalConversation(ctx, user),
		type: "message",
		textFormat: "plain",
		text,
	};
}

/**
 * A file sent in the bot's personal chat, as Teams delivers it to a bot whose manifest has `supportsFiles`: an
 * attachment of type `application/vnd.microsoft.teams.file.download.info` with a pre-authorized `downloadUrl`.
 */
export function personalFileMessage(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
	file: { name: string; downloadUrl: string },
): TeamsActivityJson {
	return {
		...common(ctx, user),
		...personalConversation(ctx, user),
		type: "message",
		textFormat: "plain",
		attachments: [
			{
				contentType: "application/vnd.microsoft.teams.file.download.info",
				contentUrl: `https://contoso-my.sharepoint.com/personal/files/${encodeURIComponent(file.name)}`,
				name: file.name,
				content: {
					downloadUrl: file.downloadUrl,
					uniqueId: randomBytes(8).toString("hex"),
					fileType: file.name.split(".").pop()?.toLowerCase() ?? "",
				},
			},
		],
	};
}

/** A channel post that @mentions the bot, with `text` after the mention. */
export function channelMention(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
	channel: TeamsTestChannel,
	text: string,
): TeamsActivityJson {
	const name = ctx.botName ?? "Census";
	const mention = `<at>${name}</at>`;
	return {
		...common(ctx, user),
		type: "message",
		textFormat: "plain",
		text: `${mention} ${text}`,
		entities: [
			{
				type: "mention",
				mentioned: { id: `28:${ctx.appId}`, name },
				text: mention,
			},
		],
		...channelConversation(ctx, channel),
	};
}

function channelConversation(
	ctx: TeamsActivityContext,
	channel: TeamsTestChannel,
) {
	return {
		conversation: {
			isGroup: true,
			conversationType: "channel",
			tenantId: ctx.tenantId,
			id: `${channel.channelId};messageid=${Date.now()}`,
		},
		channelData: {
			teamsChannelId: channel.channelId,
			teamsTeamId: channel.teamId,
			channel: { id: channel.channelId },
			team: { id: channel.teamId },
			tenant: { id: ctx.tenantId },
		},
	};
}

/** The `conversationUpdate` Teams sends when a person installs the app in personal scope. */
export function personalInstall(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
): TeamsActivityJson {
	return {
		...common(ctx, user),
		...personalConversation(ctx, user),
		type: "conversationUpdate",
		membersAdded: [{ id: `28:${ctx.appId}` }],
	};
}

/** The `installationUpdate` Teams sends when a person removes the app from their personal scope. */
export function personalUninstall(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
): TeamsActivityJson {
	return {
		...common(ctx, user),
		...personalConversation(ctx, user),
		type: "installationUpdate",
		action: "remove",
	};
}

/** What a person clicked on a card: an `Action.Execute` button's verb and data (with the inputs' values merged in). */
export type TeamsCardAction = {
	verb: string;
	data: Record<string, unknown>;
	/** The id of the message that holds the card, as Teams sends it. */
	replyToId?: string;
};

/**
 * The invoke Teams sends when a person clicks an `Action.Execute` button in the bot's personal chat
 * (Universal Actions): `adaptiveCard/action`, whose `value.action` botbuilder requires to be `Action.Execute`.
 */
export function cardAction(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
	action: TeamsCardAction,
): TeamsActivityJson {
	const personal = personalConversation(ctx, user);
	return {
		...common(ctx, user),
		...personal,
		type: "invoke",
		name: "adaptiveCard/action",
		...(action.replyToId ? { replyToId: action.replyToId } : {}),
		channelData: {
			...personal.channelData,
			source: { name: "message" },
			...(action.replyToId ? { legacy: { replyToId: action.replyToId } } : {}),
		},
		value: {
			action: {
				type: "Action.Execute",
				id: `a:${randomBytes(4).toString("hex")}`,
				verb: action.verb,
				data: action.data,
			},
			trigger: "manual",
		},
	};
}

/** The invoke Teams sends when someone clicks an `Action.Execute` button on a card the bot posted in a channel. */
export function channelCardAction(
	ctx: TeamsActivityContext,
	user: TeamsTestUser,
	channel: TeamsTestChannel,
	action: TeamsCardAction,
): TeamsActivityJson {
	const personal = cardAction(ctx, user, action);
	const place = channelConversation(ctx, channel);
	return {
		...personal,
		conversation: place.conversation,
		channelData: {
			...place.channelData,
			source: { name: "message" },
		},
	};
}
