import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const schemaFile = new URL("../../prisma/schema.prisma", import.meta.url);

/** The body of one `model Name { … }` block. */
function modelBody(schema: string, name: string): string {
	const m = new RegExp(`model ${name} \\{([^}]*)\\}`).exec(schema);
	if (!m?.[1]) throw new Error(`model ${name} not found`);
	return m[1];
}

describe("P3: the answer side of the schema", () => {
	it("has no time, ordered id, default-generated id or link to a person", async () => {
		const schema = await readFile(schemaFile, "utf8");
		const body = modelBody(schema, "SealedBallot");
		const fields = body
			.split("\n")
			.map((l) => l.trim())
			.filter((l) => l && !l.startsWith("//") && !l.startsWith("@@"))
			.map((l) => l.split(/\s+/)[0]);
		expect(fields).toEqual([
			"id",
			"campaignId",
			"sealed",
			"settled",
			"campaign",
		]);
		// The one flag: a constant default, never a time.
		expect(body).toMatch(/settled\s+Boolean\s+@default\(false\)\n/);
		for (const banned of [
			"DateTime",
			"@updatedAt",
			"autoincrement",
			"cuid",
			"ulid",
			"uuid(7)",
			"now()",
			"Employee",
			"Invitation",
		]) {
			expect(body, banned).not.toContain(banned);
		}
		// The id has no Prisma-side default: the database fills it with gen_random_uuid() (v4).
		expect(body).toMatch(/id\s+String\s+@id\s+@db\.Uuid\n/);
	});

	it("keeps the participation ledger free of answers and times of day", async () => {
		const body = modelBody(await readFile(schemaFile, "utf8"), "Invitation");
		expect(body).not.toMatch(/answer|option|ballot|sealed/i);
		expect(body).toMatch(
			/respondedOn\s+DateTime\?\s+@map\("responded_on"\) @db\.Date/,
		);
	});
});
