import { randomBytes } from "node:crypto";
import type {
	FakeView,
	SlackMethodHandler,
	SlackResult,
} from "./fake-slack-types.js";
import type { FakeSlackWorkspace } from "./fake-slack-workspace.js";

const fail = (error: string): SlackResult => ({ ok: false, error });
const str = (value: unknown): string | undefined =>
	typeof value === "string" ? value : undefined;

function viewInput(value: unknown): Record<string, unknown> | undefined {
	return value && typeof value === "object" && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function buildView(
	ws: FakeSlackWorkspace,
	input: Record<string, unknown>,
	id: string,
	links: { root?: string; previous?: string | null } = {},
): FakeView {
	return {
		callback_id: "",
		private_metadata: "",
		external_id: "",
		clear_on_close: false,
		notify_on_close: false,
		...input,
		id,
		team_id: ws.teamId,
		state: { values: {} },
		hash: `${ws.now()}.${randomBytes(4).toString("hex")}`,
		root_view_id: links.root ?? id,
		previous_view_id: links.previous ?? null,
		app_id: ws.appId,
		app_installed_team_id: ws.teamId,
		bot_id: ws.botId,
	};
}

function openModal(
	p: Record<string, unknown>,
	ws: FakeSlackWorkspace,
	push: boolean,
): SlackResult {
	const input = viewInput(p.view);
	if (input?.type !== "modal") return fail("invalid_arguments");
	const trigger = ws.consumeTrigger(p.trigger_id);
	if ("error" in trigger) return fail(trigger.error);
	const id = ws.nextId("V");
	let links: { root?: string; previous?: string } = {};
	if (push) {
		const below = [...ws.views.values()]
			.filter((v) => ws.viewOwners.get(v.id) === trigger.userId)
			.at(-1);
		if (below)
			links = {
				root: String(below.root_view_id ?? below.id),
				previous: below.id,
			};
	}
	const view = buildView(ws, input, id, links);
	ws.views.set(id, view);
	ws.viewOwners.set(id, trigger.userId);
	return { ok: true, view };
}

/** `views.open`, `views.push`, `views.update` and `views.publish` for the fake workspace. */
export const viewMethods: Record<string, SlackMethodHandler> = {
	"views.open": (p, ws) => openModal(p, ws, false),
	"views.push": (p, ws) => openModal(p, ws, true),
	"views.update": (p, ws) => {
		const input = viewInput(p.view);
		if (!input) return fail("invalid_arguments");
		const viewId = str(p.view_id);
		const externalId = str(p.external_id);
		const current = viewId
			? ws.views.get(viewId)
			: [...ws.views.values()].find(
					(v) => externalId && v.external_id === externalId,
				);
		if (!current) return fail("not_found");
		if (p.hash !== undefined && p.hash !== current.hash)
			return fail("hash_conflict");
		const view = buildView(ws, input, current.id, {
			root: String(current.root_view_id ?? current.id),
			previous: (current.previous_view_id as string | null) ?? null,
		});
		ws.views.set(current.id, view);
		return { ok: true, view };
	},
	"views.publish": (p, ws) => {
		const userId = str(p.user_id);
		const input = viewInput(p.view);
		if (!userId) return fail("invalid_arguments");
		if (input?.type !== "home") return fail("invalid_arguments");
		const previous = ws.homeViews.get(userId);
		if (p.hash !== undefined && previous && p.hash !== previous.hash)
			return fail("hash_conflict");
		const view = buildView(ws, input, previous?.id ?? ws.nextId("V"));
		ws.homeViews.set(userId, view);
		return { ok: true, view };
	},
};
