/**
 * Exact integer ranges of one arc's flow over all feasible circulations of a network with bounded arcs.
 *
 * A published one-way table is such a network: source → row (row n) → [collapse group →] column (cells) →
 * [total group →] sink (organisation totals) → source. Every published figure is a bound on an arc (a rounded
 * percentage is an interval of counts). Network matrices are totally unimodular, so with integer bounds the values
 * one arc can take over all *integer* solutions form the whole integer interval between its LP minimum and maximum:
 * the bounds below are exact, not relaxations.
 *
 * Given one feasible circulation f (the true table), another feasible circulation differs from f by a circulation
 * in the residual network. So the flow on arc e = (u → v) can rise by min(hi_e − f_e, maxflow v → u) and fall by
 * min(f_e − lo_e, maxflow u → v), the max flows taken in the residual network without e.
 */

/** An arc with integer bounds (hi may be Infinity) and its flow in a known feasible circulation. */
export type Arc = {
	from: number;
	to: number;
	lo: number;
	hi: number;
	flow: number;
};

/** How far each arc's flow can move, capped at `cap` (pass Infinity for exact ranges). */
export type ArcRangeFinder = ((
	arc: number,
	cap: number,
) => { up: number; down: number }) & {
	/**
	 * Another feasible circulation in which `arc` carries `delta` more flow (negative: less), as the flows of every
	 * arc, or null when no such circulation exists. Needs finite bounds.
	 */
	shift(arc: number, delta: number): number[] | null;
};

/**
 * Prepares range queries for a circulation. Throws when `flow` is not a feasible circulation (a published
 * figure that does not match the counts it claims to come from).
 */
export function arcFlowRange(
	nodeCount: number,
	arcs: readonly Arc[],
): ArcRangeFinder {
	const balance = new Array<number>(nodeCount).fill(0);
	const to = new Int32Array(2 * arcs.length);
	const residual = new Float64Array(2 * arcs.length);
	const adjacency: number[][] = Array.from({ length: nodeCount }, () => []);
	arcs.forEach((a, i) => {
		if (a.flow < a.lo || a.flow > a.hi)
			throw new RangeError(
				`flow ${a.flow} outside [${a.lo}, ${a.hi}] on arc ${i}`,
			);
		balance[a.from] = (balance[a.from] ?? 0) - a.flow;
		balance[a.to] = (balance[a.to] ?? 0) + a.flow;
		to[2 * i] = a.to;
		to[2 * i + 1] = a.from;
		residual[2 * i] = a.hi - a.flow;
		residual[2 * i + 1] = a.flow - a.lo;
		adjacency[a.from]?.push(2 * i);
		adjacency[a.to]?.push(2 * i + 1);
	});
	if (balance.some((b) => b !== 0))
		throw new RangeError("flow is not a circulation");

	const parent = new Int32Array(nodeCount);
	const queue = new Int32Array(nodeCount);

	/** Max flow from s to t in `res`, stopping once `cap` is reached (BFS augmenting paths). */
	function maxFlow(res: Float64Array, s: number, t: number, cap: number) {
		let total = 0;
		while (total < cap) {
			parent.fill(-1);
			parent[s] = -2;
			let head = 0;
			let tail = 0;
			queue[tail++] = s;
			while (head < tail && parent[t] === -1) {
				const u = queue[head++] as number;
				for (const e of adjacency[u] ?? []) {
					const v = to[e] as number;
					if (parent[v] === -1 && (res[e] as number) > 0) {
						parent[v] = e;
						queue[tail++] = v;
					}
				}
			}
			if (parent[t] === -1) break;
			let bottleneck = cap - total;
			for (let v = t; v !== s; v = to[(parent[v] as number) ^ 1] as number)
				bottleneck = Math.min(bottleneck, res[parent[v] as number] as number);
			if (bottleneck === Number.POSITIVE_INFINITY) return bottleneck;
			for (let v = t; v !== s; v = to[(parent[v] as number) ^ 1] as number) {
				const e = parent[v] as number;
				res[e] = (res[e] as number) - bottleneck;
				res[e ^ 1] = (res[e ^ 1] as number) + bottleneck;
			}
			total += bottleneck;
		}
		return total;
	}

	const find = (arc: number, cap: number) => {
		const a = arcs[arc];
		if (!a) throw new RangeError(`no arc ${arc}`);
		const room = (s: number, t: number, own: number) => {
			const limit = Math.min(cap, own);
			if (limit <= 0) return 0;
			const res = residual.slice();
			res[2 * arc] = 0;
			res[2 * arc + 1] = 0;
			return Math.min(limit, maxFlow(res, s, t, limit));
		};
		return {
			up: room(a.to, a.from, a.hi - a.flow),
			down: room(a.from, a.to, a.flow - a.lo),
		};
	};
	const shift = (arc: number, delta: number): number[] | null => {
		const a = arcs[arc];
		if (!a) throw new RangeError(`no arc ${arc}`);
		if (!arcs.every((x) => Number.isFinite(x.lo) && Number.isFinite(x.hi)))
			throw new RangeError("shift needs finite bounds");
		const flow = a.flow + delta;
		if (flow < a.lo || flow > a.hi) return null;
		const res = residual.slice();
		res[2 * arc] = 0;
		res[2 * arc + 1] = 0;
		const moved =
			delta >= 0
				? maxFlow(res, a.to, a.from, delta)
				: maxFlow(res, a.from, a.to, -delta);
		if (moved < Math.abs(delta)) return null;
		// The backward residual of each arc is its flow above its lower bound.
		return arcs.map((x, i) =>
			i === arc ? flow : x.lo + (res[2 * i + 1] as number),
		);
	};
	return Object.assign(find, { shift });
}
