import { describe, expect, it } from "vitest";
import { cleanText } from "../../src/text/clean-text.js";
import { escapeCommonMark } from "../../src/text/escape-commonmark.js";
import { escapeMrkdwn } from "../../src/text/escape-mrkdwn.js";
import { escapeTeamsMarkdown } from "../../src/text/escape-teams-markdown.js";
import { escapeXml } from "../../src/text/escape-xml.js";
import { logText } from "../../src/text/log-text.js";

describe("one escaping helper per format", () => {
	it("cleans every name first: one line, nothing invisible or reversing, joiners kept", () => {
		expect(cleanText("Legal\r\n- x\tY")).toBe("Legal - x Y");
		expect(cleanText("Fin\u202Eecnan\u200B\uFEFF\u2066a\u2069")).toBe(
			"Finecnana",
		);
		expect(cleanText("\u0915\u094D\u200D\u0937 \u{1F469}\u200D\u{1F4BB}")).toBe(
			"\u0915\u094D\u200D\u0937 \u{1F469}\u200D\u{1F4BB}",
		);
		expect(cleanText("lone \uD800 surrogate")).toBe("lone  surrogate");
	});

	it("Slack mrkdwn: no mention, broadcast or link survives", () => {
		expect(escapeMrkdwn("<!channel> & <https://x|y>")).toBe(
			"&lt;!channel&gt; &amp; &lt;https://x|y&gt;",
		);
	});

	it("Teams markdown: emphasis, links, HTML, headings, lists and card functions are literal", () => {
		expect(escapeTeamsMarkdown("**x** [x](https://y) <b>")).toBe(
			"\\*\\*x\\*\\* \\[x\\]\\(https:\u200b//y\\) \\<b\\>",
		);
		expect(escapeTeamsMarkdown("# H")).toBe("\\# H");
		expect(escapeTeamsMarkdown("- item")).toBe("\\- item");
		expect(escapeTeamsMarkdown("1. item")).toBe("1\\. item");
		expect(escapeTeamsMarkdown("{{DATE(x)}}")).toBe("{\u200b{DATE\\(x\\)}}");
		expect(escapeTeamsMarkdown("Research & Development")).toBe(
			"Research & Development",
		);
	});

	it("CommonMark (report.md): also table cells, entities, images and templates", () => {
		expect(escapeCommonMark("R|D & ![i](u) {{x}} {% y %}")).toBe(
			"R\\|D \\& \\!\\[i\\]\\(u\\) {\u200b{x}} {\u200b% y %}",
		);
		expect(escapeCommonMark("<script>")).toBe("\\<script\\>");
		expect(escapeCommonMark("> quote")).toBe("\\> quote");
		expect(escapeCommonMark("www.evil.example")).toBe("www\u200b.evil.example");
	});

	it("XML (the chart's SVG): the five markup characters", () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
			"&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;",
		);
	});

	it("logs: one clean line of at most 500 characters", () => {
		expect(logText("a\nb\u202E")).toBe("a b");
		expect(logText("x".repeat(10_000))).toHaveLength(500);
	});
});
