import { writeFile } from "node:fs/promises";
import { messageGallery } from "../demo/message-gallery.js";

/**
 * `npm run messages [-- --out FILE.md]`: the invitation, questions, thank-you, reminder, nudge and leadership post,
 * rendered for Slack and Teams in every shipped language, to stdout or to FILE.md.
 */
async function main(argv: readonly string[]): Promise<void> {
	const at = argv.indexOf("--out");
	const gallery = messageGallery();
	if (at === -1) {
		process.stdout.write(gallery);
		return;
	}
	const file = argv[at + 1];
	if (!file) {
		process.stderr.write("Usage: npm run messages -- [--out FILE.md]\n");
		process.exitCode = 2;
		return;
	}
	await writeFile(file, gallery);
	process.stdout.write(`Wrote the message gallery to ${file}\n`);
}

await main(process.argv.slice(2));
