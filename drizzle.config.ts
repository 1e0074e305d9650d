import { defineConfig } from "drizzle-kit";

// DRIZZLE_OUT lets the schema-drift test generate into a scratch copy of drizzle/.
export default defineConfig({
  dialect: "sqlite",
  schema: ["./src/db/*.schema.ts", "./src/delivery/*.schema.ts", "./src/features/*/*.schema.ts"],
  out: process.env.DRIZZLE_OUT ?? "./drizzle",
});
