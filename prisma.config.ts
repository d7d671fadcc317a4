import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

/** Prisma 6.19 on the WASM schema engine: no native engine is downloaded (DESIGN.md §8). */
export default defineConfig({
	schema: "prisma/schema.prisma",
	experimental: { adapter: true },
	engine: "js",
	async adapter() {
		return new PrismaPg({
			connectionString:
				process.env.DATABASE_URL ??
				"postgresql://postgres@127.0.0.1:5432/postgres",
		});
	},
});
