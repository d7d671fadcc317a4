import type { UnreachableReason } from "../../../domain/roster/reach.js";
import { type GraphClient, graphErrorCode } from "./graph-client.js";

/** Where the bot can write to a person in Teams after installation, or why it cannot. */
export type PersonalChatOutcome =
	| { kind: "chat"; chatId: string }
	| { kind: "unreachable"; reason: UnreachableReason };

/** Installs the census app in a person's personal scope and finds the bot's 1:1 chat with them. */
export type TeamsAppInstaller = {
	/** `entraId`: the person's Microsoft Entra object id. Safe to call again for the same person. */
	personalChat(entraId: string): Promise<PersonalChatOutcome>;
};

/** Graph answered something the installer cannot act on: worth a look in the logs; nothing was concluded. */
export class GraphInstallError extends Error {
	constructor(
		readonly status: number,
		readonly code: string | undefined,
		readonly step: "install" | "list" | "chat",
	) {
		super(`Graph ${step} failed (${status} ${code ?? "no code"})`);
		this.name = "GraphInstallError";
	}
}

/**
 * Installation through Graph (`TeamsAppInstallation.ReadWriteSelfForUser.All`): `POST
 * /users/{id}/teamwork/installedApps` with `teamsApp@odata.bind` to the catalogue app (201, or 409 when it is
 * installed already: the same thing here, so a repeat after a crash installs nobody twice), then the installation
 * (`GET …/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '…'`) and its chat (`GET …/{installation}/chat`),
 * whose id the Bot Connector accepts as the conversation. A 403 means a policy blocks the app for the person
 * (`app_not_installable`); a 404, that there is no such user (`not_found`).
 */
export function createGraphInstaller(
	client: GraphClient,
	catalogAppId: string,
): TeamsAppInstaller {
	const bind = client.catalogAppUrl(catalogAppId);
	const appFilter = encodeURIComponent(
		`teamsApp/id eq '${catalogAppId.replaceAll("'", "''")}'`,
	);
	return {
		async personalChat(entraId) {
			const user = `users/${encodeURIComponent(entraId)}/teamwork/installedApps`;
			const installed = await client.call({
				method: "POST",
				url: user,
				body: { "teamsApp@odata.bind": bind },
			});
			if (installed.status === 403)
				return { kind: "unreachable", reason: "app_not_installable" };
			if (installed.status === 404)
				return { kind: "unreachable", reason: "not_found" };
			if (installed.status !== 201 && installed.status !== 409)
				throw new GraphInstallError(
					installed.status,
					graphErrorCode(installed.body),
					"install",
				);
			const listed = await client.call({
				method: "GET",
				url: `${user}?$expand=teamsApp&$filter=${appFilter}`,
			});
			const value = (listed.body as { value?: { id?: unknown }[] } | null)
				?.value;
			const installationId = Array.isArray(value) ? value[0]?.id : undefined;
			if (listed.status !== 200 || typeof installationId !== "string")
				throw new GraphInstallError(
					listed.status,
					graphErrorCode(listed.body),
					"list",
				);
			const chat = await client.call({
				method: "GET",
				url: `${user}/${encodeURIComponent(installationId)}/chat`,
			});
			const chatId = (chat.body as { id?: unknown } | null)?.id;
			if (chat.status !== 200 || typeof chatId !== "string")
				throw new GraphInstallError(
					chat.status,
					graphErrorCode(chat.body),
					"chat",
				);
			return { kind: "chat", chatId };
		},
	};
}
