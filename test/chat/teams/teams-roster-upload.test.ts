import { describe, expect, it } from "vitest";
import {
	downloadable,
	fileDownloadInfoType,
	filesOf,
} from "../../../src/chat/teams/teams-roster-upload.js";

describe("files sent to the bot in Teams", () => {
	it("takes only file.download.info attachments, with their name and download URL", () => {
		expect(
			filesOf({
				attachments: [
					{ contentType: "text/html", content: "<p>hi</p>" },
					{
						contentType: fileDownloadInfoType,
						name: "people.csv",
						contentUrl: "https://contoso-my.sharepoint.com/x/people.csv",
						content: {
							downloadUrl: "https://contoso-my.sharepoint.com/download?x=1",
							uniqueId: "1",
							fileType: "csv",
						},
					},
					{
						contentType: fileDownloadInfoType,
						name: "no-url.csv",
						content: {},
					},
				],
			}),
		).toEqual([
			{
				name: "people.csv",
				downloadUrl: "https://contoso-my.sharepoint.com/download?x=1",
			},
		]);
		expect(filesOf({})).toEqual([]);
	});

	it("fetches https, and http only on this machine", () => {
		expect(downloadable("https://contoso-my.sharepoint.com/d?x=1")).toBe(true);
		expect(downloadable("http://127.0.0.1:4000/download/abc")).toBe(true);
		expect(downloadable("http://localhost:4000/download/abc")).toBe(true);
		expect(downloadable("http://contoso-my.sharepoint.com/d")).toBe(false);
		expect(downloadable("http://169.254.169.254/latest/meta-data")).toBe(false);
		expect(downloadable("file:///etc/passwd")).toBe(false);
		expect(downloadable("not a url")).toBe(false);
	});
});
