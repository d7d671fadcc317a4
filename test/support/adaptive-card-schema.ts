import { Ajv, type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with {
	type: "json",
};
import { readSchemaFixture } from "./schema-fixture.js";

/**
 * The official Adaptive Cards 1.5 schema, strict as published, with exactly one allowance: Teams' `msteams`
 * property on the card itself (only `width: "Full"`), which the schema does not know.
 */
export function compileCardSchema(): ValidateFunction {
	const { id, ...schema } = readSchemaFixture<{
		id: string;
		definitions: { AdaptiveCard: { properties: Record<string, unknown> } };
	}>("adaptive-card.schema.json");
	// The published file names itself with draft-04's `id`; draft-06 spells it `$id`.
	Object.assign(schema, { $id: id });
	schema.definitions.AdaptiveCard.properties.msteams = {
		type: "object",
		properties: { width: { enum: ["Full"] } },
		additionalProperties: false,
	};
	const ajv = new Ajv({ strict: false, allErrors: true });
	ajv.addMetaSchema(draft06);
	// The two formats the schema uses: an absolute URI (data: URIs included), or a reference that may be relative.
	ajv.addFormat("uri", (v: string) => URL.canParse(v));
	ajv.addFormat("uri-reference", (v: string) =>
		URL.canParse(v, "https://example.invalid/"),
	);
	return ajv.compile(schema);
}
