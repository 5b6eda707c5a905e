import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { demoStartEndingToday, describeWarehouse, privacyDeadlines, type AppConfig } from '@trailmap/core';
import { DUCKDB_FILE, EventStore, loadDemo, type LegacyMove } from '@trailmap/warehouse';
import { openStateStore } from '@trailmap/state';
import { warmRecentAnalyses } from './http/answer-warmup.js';
import { resultCacheFor } from './http/result-cache.js';
import { buildApp } from './app.js';
import { ComputePool } from './compute/compute-pool.js';
import { collectionParser } from './collect/parse-pool.js';
import { loadOrCreateKeys } from './auth/keys.js';
import { Authorizer } from './auth/authorizer.js';
import { ensureFirstAdmin } from './auth/admins.js';
import { findProjectConfig, loadProjectConfig } from './config/load-project-config.js';
import { isLoopbackHost } from './web/register-web.js';
import { hostCheck } from './web/host-check.js';
import { scoresEveryMs } from './scores/score-runner.js';
import { JourneyCatalogue } from './journeys/journey-catalogue.js';
import { JourneyFeed } from './journeys/journey-feed.js';
import { warehouseContextSource } from './journeys/person-context-source.js';
import { createOrchestration, type Orchestration } from './journeys/orchestration.js';
import { recommendFor } from './personalize/index.js';

/** How often the journey worker, sender and drain look for work when idle (ms). */
const JOURNEYS_EVERY_MS = 1000;

/** The DuckDB file in the data directory (TRAILMAP_WAREHOUSE=duckdb, the default). */
export const DB_FILE = DUCKDB_FILE;

export interface StartOptions {
  config: AppConfig;
  configFile?: string;
  /** Seed demo data into an empty store (the `npm start` experience). */
  demo: boolean;
  print?: (line: string) => void;
  /** The clock (ms) for relative ranges and the demo window; default Date.now. */
  now?: () => number;
  /** Start of the demo window (ISO); default 180 days before today, 00:00 UTC (see docs/demo-data.md). */
  demoStart?: string;
}

/** Open the data directory (creating it, keys and demo data on first start) and serve the API. */
export async function startServer(opts: StartOptions) {
  const print = opts.print ?? ((l: string) => process.stdout.write(l + '\n'));
  const cfg = opts.config;
  const scoresEvery = scoresEveryMs(cfg.scoresEvery); // a bad TRAILMAP_SCORES_EVERY stops the start before anything opens
  const dataDir = resolve(cfg.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const project = await loadProjectConfig(findProjectConfig(opts.configFile, [process.cwd(), dataDir]));
  const { state, migrations } = await openStateStore({ setting: cfg.state, dataDir });
  let store: EventStore;
  let loaded: Awaited<ReturnType<typeof loadOrCreateKeys>>;
  if (cfg.writeKey !== undefined && cfg.writeKey === cfg.readKey) {
    await state.close();
    throw new Error('the write key and the read key must differ');
  }
  const authorizer = new Authorizer(state, opts.now ?? Date.now, { writeKey: cfg.writeKey, readKey: cfg.readKey });
  // Journeys: the feed is handed to the store before it loads anything, so events a previous process acknowledged reach journeys too.
  const catalogue = new JourneyCatalogue(state);
  const feed = new JourneyFeed(state, catalogue, opts.now ?? Date.now);
  try {
    // Keys from the environment (TRAILMAP_WRITE_KEY / TRAILMAP_READ_KEY) are stored first, hashed, as keys with scope collect / read: with them no key is generated.
    await authorizer.ready();
    loaded = await loadOrCreateKeys(state, dataDir);
    const queryLog = pino({ level: cfg.logLevel }).child({ component: 'warehouse' });
    store = await EventStore.open({
      dataDir,
      warehouse: cfg.warehouse,
      loadEveryMs: cfg.loadEveryMs,
      project,
      state,
      journeyFeed: feed,
      ...(queryLog.isLevelEnabled('debug') ? { onQuery: (q: { sql: string; durationMs: number }) => queryLog.debug({ durationMs: Math.round(q.durationMs * 10) / 10, sql: q.sql.replace(/\s+/g, ' ').slice(0, 500) }, 'query') } : {}),
    });
  } catch (e) {
    await state.close().catch(() => undefined);
    throw e;
  }
  const { created, file } = loaded;
  const keys = { writeKey: cfg.writeKey ?? created?.writeKey, readKey: cfg.readKey ?? created?.readKey };
  const firstAdmin = await ensureFirstAdmin(state);
  print(`trailmap: state in ${state.kind === 'embedded' ? `the embedded store ${state.where}` : `PostgreSQL ${state.where}`}${migrations.applied.length ? ` (schema ${migrations.from} → ${migrations.to})` : ''}`);
  if (loaded.movedIn) print(`trailmap: the keys of ${file} are stored in the state store now (hashed); delete the file once you have them elsewhere`);
  if (store.legacyMove) print(`trailmap: moved into the state store from the warehouse: ${describeMove(store.legacyMove)}`);
  if (opts.demo && cfg.demoEvents > 0 && (await store.eventCount()) === 0) {
    const t0 = Date.now();
    print(`trailmap: empty data directory; loading ${cfg.demoEvents.toLocaleString('en-US')} demo events (seed 42)…`);
    const r = await loadDemo(store, { events: cfg.demoEvents, seed: 42, start: opts.demoStart ?? demoStartEndingToday((opts.now ?? Date.now)()) });
    print(`trailmap: demo data loaded: ${r.accepted.toLocaleString('en-US')} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  for (const i of store.incidents) {
    print(`trailmap: the collection log segment ${i.segment} could not be loaded (${i.error}); ${i.quarantined} line(s) set aside in the quarantine (code unloadable)${i.movedTo ? `, and the segment kept at ${i.movedTo}` : ', the rest loaded'}`);
  }
  const webSession = cfg.webSession === 'on' || (cfg.webSession === 'auto' && isLoopbackHost(cfg.host));
  const collectParser = collectionParser(cfg.collectWorkers);
  const compute = new ComputePool({ size: cfg.computeWorkers, budgetMs: cfg.computeBudgetMs, maxQueue: cfg.computeQueue });
  const results = resultCacheFor(store);
  const context = warehouseContextSource(store, state, project.timeZone);
  const app = buildApp({ journeys: { catalogue, feed, context }, results, store, state, keys, authorizer, logLevel: cfg.logLevel, uploadDir: join(dataDir, 'uploads'), dataDir, web: { session: webSession, hostCheck: hostCheck({ publicUrl: cfg.publicUrl, listenHost: cfg.host }) }, corsOrigins: cfg.corsOrigins, publicUrl: cfg.publicUrl, compute, collectParser, timeZone: project.timeZone, currency: project.currency, scoresEveryMs: scoresEvery, retention: project.retention, privacyDeadlines: privacyDeadlines(project.privacy), service: project.service, personalize: project.personalize, ...(opts.now ? { now: opts.now } : {}) });
  const address = await app.listen({ port: cfg.port, host: cfg.host });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  // The embedded journey worker, sender and drain (more workers: `trailmap worker` on PostgreSQL).
  let orchestration: Orchestration;
  try {
    orchestration = createOrchestration({ state, catalogue, context, rules: project.journeys, purposes: project.consent.purposes, publicUrl: cfg.publicUrl ?? url, store, timeZone: project.timeZone, recommend: (personId) => recommendFor(store, personId, 'home', { config: project.personalize, state }), timeoutMs: cfg.journeysSendTimeoutMs, workerOptions: { leaseMs: cfg.journeysLeaseMs }, ...(opts.now ? { now: opts.now } : {}) });
  } catch (e) {
    await app.close();
    await store.close();
    await state.close();
    throw e;
  }
  const journeyLog = app.log.child({ component: 'journeys' });
  orchestration.start(JOURNEYS_EVERY_MS, (e) => journeyLog.error({ err: e }, 'journey work failed; retrying'), { work: cfg.journeysWorker === 'on' });
  print(`trailmap: serving ${url} (data: ${dataDir}; events in ${describeWarehouse(cfg.warehouse)})`);
  print(`trailmap: journeys: ${cfg.journeysWorker === 'on' ? 'worker and sender in this process' : 'no worker here (TRAILMAP_JOURNEYS_WORKER=off): `trailmap worker` processes do the work'}; channels ${[...orchestration.channels.adapters.keys()].join(', ')}${orchestration.channels.missing.length ? `; not configured: ${orchestration.channels.missing.map((m) => `${m.channel} (${m.reason})`).join('; ')}` : ''}`);
  print(`trailmap: web app at ${url}/ (${webSession ? 'opens a local session' : 'sign in with the read key'})`);
  if (created) {
    print(`trailmap: new API keys (stored hashed in the state store; written once to ${file}; shown only this once):`);
    print(`  write key (scope collect, HTTP Basic user): ${created.writeKey}`);
    print(`  read key  (scope read, "Authorization: Bearer"): ${created.readKey}`);
  } else {
    print('trailmap: API keys are in the state store, hashed (`trailmap keys list`; create or rotate one to get a secret)');
  }
  if (firstAdmin) print(`trailmap: new admin for the web app's write actions: name ${firstAdmin.name}, password ${firstAdmin.password} (shown only this once; \`trailmap admin create --name admin --reset\` sets a new one)`);
  let closing = false;
  // Compute the analyses asked for last before the pages ask again (their answers are then kept until new data arrives).
  const warmUp = warmRecentAnalyses(app, state, authorizer.internalSecret, () => closing).catch(() => 0);
  const close = async () => {
    if (closing) return;
    closing = true;
    await warmUp;
    await orchestration.close();
    await app.close();
    await authorizer.close();
    await compute.close();
    await collectParser.close();
    await store.close();
    await state.close();
  };
  return { app, store, state, url, keys, close, warmUp, results };
}

function describeMove(m: LegacyMove): string {
  const parts = [`${m.notes} journey note(s)`, `${m.interventionEstimates} intervention estimate(s)`, `${m.catalogueRules} catalogue rule(s)`, `${m.imports} imported file record(s)`, `${m.settings} other setting(s)`];
  return `${parts.join(', ')}${m.kept.length ? `; kept the state store's own ${m.kept.join(', ')}` : ''}`;
}
