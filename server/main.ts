import { parseArgs } from 'node:util';
import { buildApp } from './app';
import { ensureFirstRun, openDeps, VERSION } from './bootstrap';
import { backup, restore } from './cli/backup';
import { runDemo } from './cli/demo';
import { importCommand } from './cli/import';
import { purgeCommand } from './cli/purge';
import { unitCommand } from './cli/units';
import { userCommand } from './cli/users';
import { loadConfig } from './config';
import { openDb } from './db';
import { migrateToLatest } from './db/migrate';
import { claimServerLock } from './db/server-lock';
import { purgeExpiredSessions } from './modules/auth';
import { failInterruptedImports } from './modules/registry';

const HELP = `shouwang ${VERSION} — 守望 epidemic prevention platform

Usage: shouwang <command> [options]

  serve                      run the web server (applies migrations; first start prints the admin login)
  migrate                    apply database migrations and exit
  demo [--size small|full] [--password P] [--json]
                             load the 如意湖街道 demo sub-district with one account per role and community
  user add --username U --role R --unit CODE_OR_ID [--name N] [--password P]
  user reset-password --username U
  unit add --name N [--code C]
                             add a sub-district (a root of the grid)
  import residents FILE.xlsx --unit CODE_OR_ID [--no-create-rooms] [--rejected OUT.xlsx]
                             import a resident ledger into a compound, with a progress bar
  purge --before YYYY-MM-DD [--yes]
                             anonymise persons registered before that day (counts are kept)
  backup --to FILE           online backup of the SQLite database (PostgreSQL: use pg_dump, see docs/OPERATIONS.md)
  restore --from FILE        replace the SQLite database with a backup (stop the server first)

Environment: PORT (3000), HOST (0.0.0.0), DATA_DIR (./data), DATABASE_URL (PostgreSQL; SQLite when unset),
TZ_DAYS (Asia/Shanghai), SESSION_IDLE_MINUTES (30), SESSION_ABSOLUTE_HOURS (12), TRUST_PROXY, LOG_LEVEL.`;

async function serve() {
  const config = loadConfig();
  const releaseLock = config.databaseUrl ? () => {} : claimServerLock(config.dataDir);
  const deps = await openDeps(config);
  await failInterruptedImports(deps);
  const first = await ensureFirstRun(deps);
  const app = await buildApp(deps);
  await app.listen({ port: deps.config.port, host: deps.config.host });
  if (first) {
    console.log(
      `\n  First-run administrator: username=${first.username} password=${first.password}\n` +
        '  Sign in at the address above and choose your own password. This is shown only once.\n',
    );
  }
  const sweeper = setInterval(
    () => purgeExpiredSessions(deps).catch((err) => app.log.error({ err })),
    10 * 60_000,
  );
  sweeper.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(sweeper);
    // Stops accepting, waits for requests in flight, then the database closes cleanly.
    await app.close();
    await deps.store.close();
    releaseLock();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate': {
      const store = openDb(loadConfig());
      const applied = await migrateToLatest(store);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return store.close();
    }
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          size: { type: 'string', default: 'small' },
          password: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      if (values.size !== 'small' && values.size !== 'full') throw new Error('--size is small or full');
      const deps = await openDeps();
      try {
        await runDemo(deps, { size: values.size, password: values.password, json: values.json ?? false });
      } finally {
        await deps.store.close();
      }
      return;
    }
    case 'user':
      return userCommand(rest);
    case 'unit':
      return unitCommand(rest);
    case 'purge':
      return purgeCommand(rest);
    case 'import':
      return importCommand(rest);
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' } } });
      if (!values.to) throw new Error('backup needs --to FILE');
      return backup(loadConfig(), values.to);
    }
    case 'restore': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' } } });
      if (!values.from) throw new Error('restore needs --from FILE');
      return restore(loadConfig(), values.from);
    }
    case 'version':
    case '--version':
      console.log(VERSION);
      return;
    default:
      console.log(HELP);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`shouwang: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.DEBUG) console.error(err);
  process.exit(1);
});
