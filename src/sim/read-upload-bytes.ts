/**
 * Extracts the file bytes from a body posted to an upload URL. WebClient's `filesUploadV2`
 * posts multipart/form-data (field `body`); raw bodies are taken as they are.
 */
export async function readUploadBytes(
	contentType: string | undefined,
	raw: Buffer,
): Promise<Buffer> {
	if (!contentType?.toLowerCase().startsWith("multipart/form-data")) return raw;
	const form = await new Response(raw, {
		headers: { "content-type": contentType },
	}).formData();
	for (const value of form.values()) {
		if (typeof value !== "string")
			return Buffer.from(await value.arrayBuffer());
	}
	const first = form.values().next();
	return first.done ? Buffer.alloc(0) : Buffer.from(String(first.value));
}
