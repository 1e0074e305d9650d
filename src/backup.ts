import { ConfigError, databasePathFrom, readProcessEnvironment } from "./config.js";
import { BackupError, backupDatabase } from "./db/backup.js";

/**
 * `npm run backup -- <file>` (or `node dist/backup.js <file>`): a consistent copy of the
 * database, taken while the bot runs. The secret key is not in it, by design.
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    process.stderr.write("usage: npm run backup -- <file>   (e.g. npm run backup -- backups/bot-2026-12-03.sqlite)\n");
    process.exit(2);
  }
  const result = await backupDatabase(databasePathFrom(readProcessEnvironment()), target);
  process.stdout.write(
    `backup written to ${result.file} (${Math.ceil(result.bytes / 1024)} KB). It does not hold the secret key: keep SECRET_KEY elsewhere, the backup is useless without it.\n`,
  );
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof BackupError;
  process.stderr.write(
    `backup failed: ${known ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
