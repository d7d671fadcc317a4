import { inflateSync } from "node:zlib";

/** A decoded 8-bit RGBA image. */
export type RgbaImage = { width: number; height: number; rgba: Buffer };

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced 8-bit RGBA PNG (what resvg writes); throws on anything else. */
export function decodePng(png: Buffer): RgbaImage {
	if (!png.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex")))
		throw new Error("not a PNG");
	let width = 0;
	let height = 0;
	const idat: Buffer[] = [];
	for (let at = 8; at < png.length; ) {
		const length = png.readUInt32BE(at);
		const type = png.toString("latin1", at + 4, at + 8);
		const data = png.subarray(at + 8, at + 8 + length);
		if (type === "IHDR") {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			const [depth, colour, , , interlace] = data.subarray(8);
			if (depth !== 8 || colour !== 6 || interlace !== 0)
				throw new Error("only 8-bit RGBA, non-interlaced");
		}
		if (type === "IDAT") idat.push(data);
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * 4;
	const rgba = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		for (let x = 0; x < stride; x++) {
			const v = raw[y * (stride + 1) + 1 + x] ?? 0;
			const a = x >= 4 ? (rgba[y * stride + x - 4] ?? 0) : 0;
			const b = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0;
			const c = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] ?? 0) : 0;
			const predictor =
				filter === 1
					? a
					: filter === 2
						? b
						: filter === 3
							? Math.floor((a + b) / 2)
							: filter === 4
								? paeth(a, b, c)
								: 0;
			rgba[y * stride + x] = (v + predictor) & 0xff;
		}
	}
	return { width, height, rgba };
}
