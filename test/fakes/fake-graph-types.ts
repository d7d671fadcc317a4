/** A person in the fake tenant's directory. */
export type FakeGraphUser = {
	/** Entra object id. */
	id: string;
	mail: string | null;
	userPrincipalName: string;
	accountEnabled: boolean;
	userType?: "Member" | "Guest";
	/** The language an admin set for them (one of Graph's default user properties); unset: null. */
	preferredLanguage?: string | null;
	/** The census app is already installed in their personal scope. */
	hasApp?: boolean;
	/** An app setup or permission policy blocks the app for them: installing answers 403. */
	blocksApp?: boolean;
};

/** Which of Graph's throttling limits a request counts against. */
export type GraphLimit = "directory" | "teams";

/** One Graph request the fake answered (each request inside a `$batch` counts on its own). */
export type GraphCall = {
	method: string;
	/** Path after the version, with the query (`users?$filter=…`). */
	url: string;
	status: number;
	/** Which limit it counted against (null: the token endpoint or `$batch` itself). */
	limit: GraphLimit | null;
	inBatch: boolean;
	at: number;
};

/** A failure the fake answers with instead of doing a matching request. */
export type GraphFault =
	| { status: 429; retryAfterSeconds: number }
	| { status: 500 | 502 | 503 | 504 };
