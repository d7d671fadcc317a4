import { cleanText } from "./clean-text.js";

/** Someone else's text made safe as XML (SVG) text or attribute value: cleaned, then the five markup characters. */
export function escapeXml(value: string): string {
	return cleanText(value)
		.replaceAll("&", "&amp;")
		.replaceAll("<", "&lt;")
		.replaceAll(">", "&gt;")
		.replaceAll('"', "&quot;")
		.replaceAll("'", "&apos;");
}
