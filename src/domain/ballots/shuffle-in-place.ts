import { randomInt } from "node:crypto";

/** Puts the items in a uniformly random order (Fisher–Yates with a cryptographic source). */
export function shuffleInPlace<T>(items: T[]): void {
	for (let i = items.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[items[i], items[j]] = [items[j] as T, items[i] as T];
	}
}
