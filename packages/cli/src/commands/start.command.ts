import { startServer } from '@trailmap/server';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { appConfig } from '../context.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'serve the API (loads demo data into an empty data directory)',
  help: `Usage: trailmap start [--port N] [--data DIR] [--config FILE] [--no-demo]

Starts the HTTP API on PORT (default 3000). On first start it creates the data
directory (./data or TRAILMAP_DATA_DIR), a write key (scope collect) and a read key
(scope read) — printed once, stored hashed in the state store, written once to
DIR/keys.json — an admin named admin with its password (printed once; see
\`trailmap keys\`, \`trailmap admin\`) and, unless --no-demo or TRAILMAP_DEMO_EVENTS=0,
demo data. TRAILMAP_WRITE_KEY / TRAILMAP_READ_KEY are stored as such keys instead.

Environment: PORT, HOST, TRAILMAP_DATA_DIR, TRAILMAP_WAREHOUSE (where events live: duckdb,
the default, a file in DIR; chdb, embedded ClickHouse in DIR/chdb; or a ClickHouse server,
http(s)://user:password@host:8123/database[?cluster=NAME]; every command reads it),
TRAILMAP_STATE (keys, settings, catalogue edits, notes, estimates, the imports log:
embedded, the default, PostgreSQL (PGlite) files in DIR/state for one process; or a
PostgreSQL server, postgres://user:password@host:5432/database, that several server
processes may share; schema migrations run at start; see docs/state.md),
TRAILMAP_WRITE_KEY, TRAILMAP_READ_KEY,
TRAILMAP_DEMO_EVENTS (default 200000), TRAILMAP_PUBLIC_URL (the URL the web app is
opened by; unset = loopback names), TRAILMAP_CORS_ORIGINS (pages that may send events;
default *), TRAILMAP_WEB_SESSION (auto|on|off), TRAILMAP_LOAD_EVERY_MS (1000),
TRAILMAP_COLLECT_WORKERS (one per core, at most 4; threads that parse collection requests,
0 = on the request thread),
TRAILMAP_COMPUTE_WORKERS, TRAILMAP_COMPUTE_BUDGET_MS (30000), TRAILMAP_COMPUTE_QUEUE (8),
TRAILMAP_SMTP_URL, TRAILMAP_EMAIL_FROM, TRAILMAP_WEBHOOK_SECRET, TRAILMAP_SMS_URL,
TRAILMAP_PUSH_URL (journeys' channels, docs/channels.md), TRAILMAP_JOURNEYS_WORKER (on; off
leaves journey work to \`trailmap worker\`), TRAILMAP_JOURNEYS_LEASE_MS (30000),
TRAILMAP_JOURNEYS_SEND_TIMEOUT_MS (15000) (docs/journeys.md),
LOG_LEVEL (info). See README.md "Configuration".`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, port: { type: 'string' }, 'no-demo': { type: 'boolean', default: false } });
    const config = appConfig(io, values);
    const server = await startServer({ config, configFile: values.config, demo: !values['no-demo'], print: io.out });
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.out('trailmap: shutting down');
        void server.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
