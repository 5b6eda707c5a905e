import { findProjectConfig, loadProjectConfig, createOrchestration, httpContextSource, JourneyCatalogue } from '@trailmap/server';
import { openStateStore, redactStateUrl } from '@trailmap/state';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { appConfig, UsageError } from '../context.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'a journey worker and sender process for scale-out on a PostgreSQL state store',
  help: `Usage: trailmap worker --server URL [--key KEY] [--config FILE] [--every-ms N] [--name NAME]

Runs journeys' work beside the servers: leases people with work due (SKIP LOCKED, so
any number of workers share the state store), advances their runs, and sends the
messages that are due, over the channels its environment configures (TRAILMAP_SMTP_URL,
TRAILMAP_WEBHOOK_SECRET, TRAILMAP_SMS_URL, TRAILMAP_PUSH_URL; docs/channels.md).
\`trailmap start\` runs one such worker itself; add workers with this command.

It needs the state store every server uses, a PostgreSQL server (TRAILMAP_STATE=
postgres://user:password@host:5432/database); the embedded store belongs to the one
process that opened it. What it needs of people (traits, segments, consent) it asks the
server given by --server (POST /v1/journeys/context) with an admin key (--key or
TRAILMAP_API_KEY; \`trailmap keys create --name worker --scope admin\`). The events it
produces (message statuses, experiment exposures, traits set) go through the state
store to the server, which loads them into the warehouse.

A worker that is killed holds its people for at most its lease (TRAILMAP_JOURNEYS_LEASE_MS,
30 s by default) and a message it was sending for twice TRAILMAP_JOURNEYS_SEND_TIMEOUT_MS
(15 s) and a second; another worker
(or this one, restarted) then does their step again, and a message it was sending is
sent again with the same Message-ID / Idempotency-Key (docs/journeys.md#exactly-once).

Options:
  --server URL    the Trailmap server that owns the warehouse (required)
  --key KEY       an admin key for that server (default TRAILMAP_API_KEY)
  --config FILE   trailmap.config.json (delivery rules in "journeys", consent purposes)
  --every-ms N    how often to look for work when idle (default 1000)
  --name NAME     this worker's name in leases and logs (default a random one)
  --data DIR      data directory (for the project config; default ./data)`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, server: { type: 'string' }, key: { type: 'string' }, 'every-ms': { type: 'string' }, name: { type: 'string' } });
    const cfg = appConfig(io, values);
    if (cfg.state === 'embedded') throw new UsageError('trailmap worker needs a PostgreSQL state store shared with the server: set TRAILMAP_STATE=postgres://user:password@host:5432/database (the embedded store belongs to `trailmap start`, which runs a worker itself)');
    const server = values.server;
    if (!server || !/^https?:\/\/[^/\s]/.test(server)) throw new UsageError('--server URL: the Trailmap server that owns the warehouse, such as http://localhost:3000');
    const key = values.key ?? io.env.TRAILMAP_API_KEY;
    if (!key) throw new UsageError('--key KEY (or TRAILMAP_API_KEY): an admin key of that server (`trailmap keys create --name worker --scope admin`)');
    const everyMs = values['every-ms'] === undefined ? 1000 : Number(values['every-ms']);
    if (!Number.isInteger(everyMs) || everyMs < 10 || everyMs > 600_000) throw new UsageError('--every-ms N: a whole number of milliseconds from 10 to 600000');
    const project = await loadProjectConfig(findProjectConfig(values.config, [io.cwd, cfg.dataDir]));
    const { state } = await openStateStore({ setting: cfg.state, dataDir: cfg.dataDir });
    const orchestration = createOrchestration({
      state,
      catalogue: new JourneyCatalogue(state),
      context: httpContextSource(server, key),
      rules: project.journeys,
      purposes: project.consent.purposes,
      publicUrl: cfg.publicUrl ?? server,
      env: io.env,
      timeoutMs: cfg.journeysSendTimeoutMs,
      workerOptions: { leaseMs: cfg.journeysLeaseMs, ...(values.name ? { owner: values.name } : {}) },
    });
    io.out(`trailmap worker ${orchestration.worker.owner}: state ${redactStateUrl(cfg.state)}, people's data from ${server}; channels ${[...orchestration.channels.adapters.keys()].join(', ')}`);
    orchestration.start(everyMs, (e) => io.err(`trailmap worker ${orchestration.worker.owner}: ${(e as Error).message}; retrying`));
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.out(`trailmap worker ${orchestration.worker.owner}: stopping`);
        void orchestration
          .close()
          .then(() => state.close())
          .then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
