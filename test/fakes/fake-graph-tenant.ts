import type { FakeGraphUser, GraphLimit } from "./fake-graph-types.js";

/** What one Graph request got: status, body and headers (as Graph puts them inside a `$batch` answer too). */
export type GraphAnswer = {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
};

function error(status: number, code: string, message: string): GraphAnswer {
	return { status, body: { error: { code, message } } };
}

/** Which limit a request path counts against: Teams calls (`teamwork`) or directory reads. */
export function limitOf(path: string): GraphLimit {
	return path.includes("/teamwork/") ? "teams" : "directory";
}

/** Values compared by `eq` in a `$filter` (`mail eq 'a@b' or userPrincipalName eq 'a@b'`), by property. */
function parseFilter(filter: string): { property: string; value: string }[] {
	const terms: { property: string; value: string }[] = [];
	const re = /(\w+(?:\/\w+)?)\s+eq\s+'((?:[^']|'')*)'/g;
	for (const m of filter.matchAll(re))
		terms.push({
			property: m[1] ?? "",
			value: (m[2] ?? "").replaceAll("''", "'"),
		});
	return terms;
}

const defaultUserFields = [
	"id",
	"displayName",
	"mail",
	"userPrincipalName",
	"preferredLanguage",
];

/**
 * The fake tenant's state behind the Graph routes the census uses: the directory (`/users` with `$filter` on
 * `mail` / `userPrincipalName`, `$select`), personal app installations (list with `$filter` on the catalogue app
 * id and `$expand`, create with `teamsApp@odata.bind`, 409 on a second install, 403 when policy blocks the app)
 * and each installation's personal chat. No throttling here: see {@link FakeMicrosoftGraph}.
 */
export class FakeGraphTenant {
	private readonly users = new Map<string, FakeGraphUser>();
	private readonly byEmail = new Map<string, FakeGraphUser[]>();
	/** Successful installations (201) per user: a second one is a bug in the caller. */
	readonly installs = new Map<string, number>();

	constructor(
		readonly catalogAppId: string,
		readonly botAppId: string,
	) {}

	add(users: readonly FakeGraphUser[]): void {
		for (const u of users) {
			this.users.set(u.id, { ...u });
			for (const key of new Set(
				[u.mail, u.userPrincipalName]
					.filter((v): v is string => !!v)
					.map((v) => v.toLowerCase()),
			)) {
				const list = this.byEmail.get(key) ?? [];
				list.push(this.users.get(u.id) as FakeGraphUser);
				this.byEmail.set(key, list);
			}
		}
	}

	/** True when the census app is installed for the person (the Bot Connector then lets the bot talk to them). */
	hasApp(userId: string): boolean {
		return this.users.get(userId)?.hasApp === true;
	}

	/** The personal chat of the bot and a person, as Teams names a 1:1 chat. */
	chatIdOf(userId: string): string {
		return `19:${userId}_${this.botAppId}@unq.gbl.spaces`;
	}

	/** The person removes the app (Teams then sends the bot an `installationUpdate` remove). */
	uninstall(userId: string): void {
		const u = this.users.get(userId);
		if (u) u.hasApp = false;
	}

	installationIdOf(userId: string): string {
		return Buffer.from(`${userId}##${this.catalogAppId}`).toString("base64url");
	}

	/** Answers one request (path after the version, query included). */
	answer(method: string, url: string, body: unknown): GraphAnswer {
		const u = new URL(url, "http://graph.invalid/");
		const parts = u.pathname.split("/").filter(Boolean).map(decodeURIComponent);
		if (method === "GET" && parts.length === 1 && parts[0] === "users")
			return this.listUsers(u.searchParams);
		if (parts[0] !== "users" || parts[2] !== "teamwork")
			return error(400, "BadRequest", `Unsupported request ${method} ${url}`);
		const user = this.users.get(parts[1] ?? "");
		if (!user)
			return error(
				404,
				"NotFound",
				`User '${parts[1] ?? ""}' was not found in the directory.`,
			);
		if (parts[3] !== "installedApps")
			return error(400, "BadRequest", "Unsupported teamwork resource");
		if (parts.length === 4 && method === "GET")
			return this.listInstalled(user, u.searchParams);
		if (parts.length === 4 && method === "POST")
			return this.install(user, body);
		if (parts.length === 6 && parts[5] === "chat" && method === "GET") {
			if (!user.hasApp || parts[4] !== this.installationIdOf(user.id))
				return error(404, "NotFound", "Installation not found.");
			return {
				status: 200,
				body: { id: this.chatIdOf(user.id), chatType: "oneOnOne" },
			};
		}
		return error(405, "MethodNotAllowed", `${method} not allowed here`);
	}

	private listUsers(q: URLSearchParams): GraphAnswer {
		const filter = q.get("$filter");
		if (!filter)
			return error(
				400,
				"Request_UnsupportedQuery",
				"The census fake needs $filter",
			);
		const terms = parseFilter(filter);
		if (
			terms.length === 0 ||
			terms.some(
				(t) => t.property !== "mail" && t.property !== "userPrincipalName",
			)
		)
			return error(400, "Request_UnsupportedQuery", "Unsupported $filter");
		const found = new Map<string, FakeGraphUser>();
		for (const t of terms)
			for (const user of this.byEmail.get(t.value.toLowerCase()) ?? [])
				if (
					(t.property === "mail"
						? user.mail
						: user.userPrincipalName
					)?.toLowerCase() === t.value.toLowerCase()
				)
					found.set(user.id, user);
		const fields =
			q
				.get("$select")
				?.split(",")
				.map((s) => s.trim()) ?? defaultUserFields;
		const value = [...found.values()].map((user) => {
			const full: Record<string, unknown> = {
				id: user.id,
				displayName: user.mail,
				mail: user.mail,
				userPrincipalName: user.userPrincipalName,
				accountEnabled: user.accountEnabled,
				userType: user.userType ?? "Member",
				preferredLanguage: user.preferredLanguage ?? null,
			};
			return Object.fromEntries(
				fields.filter((f) => f in full).map((f) => [f, full[f]]),
			);
		});
		return { status: 200, body: { value } };
	}

	private appView(): Record<string, unknown> {
		return {
			id: this.catalogAppId,
			externalId: this.botAppId,
			displayName: "Census",
			distributionMethod: "organization",
		};
	}

	private listInstalled(user: FakeGraphUser, q: URLSearchParams): GraphAnswer {
		const filter = parseFilter(q.get("$filter") ?? "");
		const wanted = filter.find((t) => t.property === "teamsApp/id")?.value;
		const expand = (q.get("$expand") ?? "").split(",").includes("teamsApp");
		const mine =
			user.hasApp && (wanted === undefined || wanted === this.catalogAppId);
		const value = mine
			? [
					{
						id: this.installationIdOf(user.id),
						...(expand ? { teamsApp: this.appView() } : {}),
					},
				]
			: [];
		return { status: 200, body: { value } };
	}

	private install(user: FakeGraphUser, body: unknown): GraphAnswer {
		const bind = (body as Record<string, unknown> | null)?.[
			"teamsApp@odata.bind"
		];
		const appId =
			typeof bind === "string"
				? /teamsApps\/([^/]+)$/.exec(bind)?.[1]
				: undefined;
		if (appId !== this.catalogAppId)
			return error(
				404,
				"NotFound",
				"The app is not in the organisation's app catalogue.",
			);
		if (user.blocksApp)
			return error(
				403,
				"Forbidden",
				"Installation of the app is blocked by the user's app permission policy.",
			);
		if (user.hasApp)
			return error(
				409,
				"Conflict",
				"The app is already installed for this user.",
			);
		user.hasApp = true;
		this.installs.set(user.id, (this.installs.get(user.id) ?? 0) + 1);
		return { status: 201 };
	}
}
