import { startApp } from "./app.js";
import { ConfigError, readProcessEnvironment } from "./config.js";
import { ContentError } from "./content/content-error.js";

/** Shutdown must finish within this, or the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 5_000;

async function main(): Promise<void> {
  const app = await startApp(readProcessEnvironment());
  const shutdown = (signal: string) => {
    app.services.logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // Problems a person can fix get one line, no stack trace.
  if (error instanceof ConfigError || error instanceof ContentError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
