import { NotEnoughDataError } from '@trailmap/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { EventStore } from '@trailmap/warehouse';
import { lazyStateStore, openMemoryState, type StateStore } from '@trailmap/state';
import type { ApiKeys } from './auth/keys.js';
import { Authorizer } from './auth/authorizer.js';
import { registerScopeHook } from './auth/scope-hook.js';
import { keysRoutes } from './routes/keys.route.js';
import { ROUTE_CATALOGUE } from './openapi/route-catalogue.js';
import { ZodError } from 'zod';
import { ApiError } from './http/api-error.js';
import { invalidDefinition } from './http/zod-error.js';
import { ComputeBusyError } from './compute/compute-errors.js';
import { ComputePool } from './compute/compute-pool.js';
import { ScoreRunner } from './scores/score-runner.js';
import { scoresRoutes } from './routes/scores.route.js';
import { SegmentRefresher } from './segments/segment-refresher.js';
import { segmentsRoutes } from './routes/segments.route.js';
import { computedTraitsRoutes } from './routes/computed-traits.route.js';
import { collectionParser, type CollectionParser } from './collect/parse-pool.js';
import { registerJsonBody } from './http/json-body.js';
import { collectRoutes } from './routes/collect.route.js';
import { browserSdkRoutes } from './routes/browser-sdk.route.js';
import { collectionCors, refuseOtherPreflights, type CorsOrigins } from './http/cors.js';
import { readRoutes } from './routes/read.route.js';
import { piiRoutes } from './routes/pii.route.js';
import { PII_REDACT_PATHS, piiSafeSerializers } from './http/log-serializers.js';
import { consentRoutes } from './routes/consent.route.js';
import { inboxRoutes } from './routes/inbox.route.js';
import { unsubscribeRoutes } from './routes/unsubscribe.route.js';
import { projectUnsubscribeSecret } from './channels/unsubscribe-secret.js';
import { analyticsRoutes } from './routes/analytics.route.js';
import { customersRoutes } from './routes/customers.route.js';
import { decideRoutes } from './routes/decide.route.js';
import { notesRoutes } from './routes/notes.route.js';
import { displayNamesRoutes } from './routes/display-names.route.js';
import { projectRoutes } from './routes/project.route.js';
import { insightsRoutes } from './routes/insights.route.js';
import { dashboardsRoutes } from './routes/dashboards.route.js';
import { filesRoutes } from './routes/files.route.js';
import { privacyRoutes } from './routes/privacy.route.js';
import { PrivacyService } from './privacy/privacy-service.js';
import { openapiRoutes } from './routes/openapi.route.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerWeb, type WebOptions } from './web/register-web.js';
import { resultCacheFor, type ResultCache } from './http/result-cache.js';
import { recordRecentAnalyses } from './http/answer-warmup.js';
import { Auditor } from './audit/auditor.js';
import { auditRoutes } from './routes/audit.route.js';
import { RetentionRunner } from './retention/retention-runner.js';
import { retentionRoutes } from './routes/retention.route.js';
import { ServiceTaskRunner } from './service/service-task-runner.js';
import { tasksRoutes } from './routes/tasks.route.js';
import { serviceConfigSchema, type ServiceConfig } from '@trailmap/core';
import { personalizeRoutes } from './routes/personalize.route.js';
import { retentionConfigSchema, type DeadlineRule, type PrivacyRegime, type RetentionConfig } from '@trailmap/core';
import { journeysRoutes } from './routes/journeys.route.js';
import { JourneyCatalogue } from './journeys/journey-catalogue.js';
import type { JourneyFeed } from './journeys/journey-feed.js';
import { warehouseContextSource, type PersonContextSource } from './journeys/person-context-source.js';
import type { PersonalizeConfig } from '@trailmap/core';

export interface AppDeps {
  store: EventStore;
  /**
   * The journey machinery the routes share with the process's worker (start.ts): the catalogue, the
   * feed (segment changes become inputs) and the person context source. Absent: the routes use
   * their own catalogue and context source, and segment changes start no journeys.
   */
  journeys?: { catalogue: JourneyCatalogue; feed?: JourneyFeed; context?: PersonContextSource };
  /**
   * Settings, notes, estimates… (TRAILMAP_STATE; `trailmap start` always passes it). Absent (tests
   * that never touch them): an in-memory embedded store opened on first use, closed with the app.
   */
  state?: StateStore;
  /** Keys given at start (environment, tests): stored, hashed, as the keys `write` (scope collect) and `read` (scope read) unless a key ever had that secret. */
  keys: ApiKeys;
  /** Checks keys against the state store (start.ts passes its own, to close it); absent = one over `state`, closed with the app. */
  authorizer?: Authorizer;
  logLevel?: string;
  /** Where log lines go (default stdout; tests read them). */
  logStream?: { write(line: string): void };
  version?: string;
  /** Where uploaded files wait while they are imported (default: the system temp directory). */
  uploadDir?: string;
  /** The data directory (data-subject requests write access documents under `privacy/`); default: a directory under the system temp directory. */
  dataDir?: string;
  /** Serve the web app at `/` (and its browser session); absent = API only. */
  web?: WebOptions;
  /** Worker threads for the decide analyses' computations; absent = a pool of the defaults, closed with the app. */
  compute?: ComputePool;
  /** Where collection bodies are parsed (TRAILMAP_COLLECT_WORKERS); absent = the default pool (defaultCollectWorkers), closed with the app. */
  collectParser?: CollectionParser;
  /** Origins whose pages may send events (collection routes only); default `*`. */
  corsOrigins?: CorsOrigins;
  /** The URL browsers reach this server by (TRAILMAP_PUBLIC_URL): the browser SDK's settings point there. */
  publicUrl?: string;
  /** The project time zone relative ranges resolve in (trailmap.config.json `timeZone`); default UTC. */
  timeZone?: string;
  /** The ISO 4217 currency money is shown in (trailmap.config.json `currency`); default USD. */
  currency?: string;
  /** The clock relative ranges resolve against (ms); default Date.now (tests pass a fixed one). */
  now?: () => number;
  /** Where analyses' answers are kept while the data is unchanged; absent = one of the defaults, null = none. */
  results?: ResultCache | null;
  /** Run a scoring run every this many ms (TRAILMAP_SCORES_EVERY; the first soon after start when there is none yet); absent or null = only when asked. */
  scoresEveryMs?: number | null;
  /** The retention rules (trailmap.config.json `retention`); given, they also run on their schedule (`everyHours`). Absent: none, run only on demand. */
  retention?: RetentionConfig;
  /** The data-subject request deadline per regime (trailmap.config.json `privacy.deadlines`, see privacyDeadlines); absent: the defaults. */
  privacyDeadlines?: Readonly<Record<PrivacyRegime, DeadlineRule>>;
  /** Proactive service (trailmap.config.json `service`); given, its scan also runs every `everyMinutes`. Absent: the defaults, scans only on demand. */
  service?: ServiceConfig;
  /** Placements, offers, content and catalogue of the personalisation API (trailmap.config.json `personalize`); absent: the defaults. */
  personalize?: PersonalizeConfig;
}

/** The HTTP application: routes over the store. Without a key: /health, the API document and docs page, the browser SDK (script and settings) and the web app shell; everything else needs a key or the web session. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: {
      level: deps.logLevel ?? 'info',
      // PII never reaches a log line: keys that hold it are redacted, URLs and error messages masked (http/log-serializers.ts).
      redact: { paths: ['req.headers.authorization', '*.writeKey', ...PII_REDACT_PATHS], censor: '[redacted]' },
      serializers: piiSafeSerializers,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: 500 * 1024,
    // Path parameters up to 1000 characters (default 100): unsubscribe links carry a signed token.
    routerOptions: { maxParamLength: 1000 },
  });
  let state = deps.state;
  if (!state) {
    const own = lazyStateStore(openMemoryState);
    app.addHook('onClose', () => own.close());
    state = own;
  }
  // Every route's scope is declared in the route catalogue and checked here, before its handler (auth/scope-hook.ts).
  const auth = deps.authorizer ?? new Authorizer(state, deps.now ?? Date.now, deps.keys);
  if (!deps.authorizer) app.addHook('onClose', async () => auth.close());
  registerScopeHook(app, auth, ROUTE_CATALOGUE);
  registerJsonBody(app);
  // The analyses asked for last, so a restarted server can compute them before the pages ask (start.ts).
  if (deps.state) recordRecentAnalyses(app, state);
  // Per-request lines are noise at collection rates: routes log at warn unless LOG_LEVEL is debug/trace.
  const verbose = deps.logLevel === 'debug' || deps.logLevel === 'trace';
  app.addHook('onRoute', (route) => {
    if (!verbose) route.logLevel = 'warn';
  });
  // First, so its route recorder sees every route after it.
  openapiRoutes(app, deps.version ?? '0.1.0');

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof ApiError) {
      if (error instanceof ComputeBusyError) reply.header('retry-after', String(error.retryAfterS));
      return reply.code(error.status).send(error.body());
    }
    // A schema refinement or a later parse of user input: a 400 naming the field, never a 500.
    if (error instanceof ZodError) return reply.code(400).send(invalidDefinition(error, 'request').body());
    // A model the data cannot fit (no purchases, no churned person…): the request was fine, the data is not enough.
    if (error instanceof NotEnoughDataError) return reply.code(422).send({ error: { code: 'not_enough_data', message: error.message } });
    const e = error as { code?: string; statusCode?: number; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(400).send({ error: { code: 'batch_too_large', message: 'the request body exceeds the 500 KB limit per batch (32 KB per event)' } });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: { code: e.code ?? 'bad_request', message: e.message } });
    }
    req.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error; nothing in this request was acknowledged' } });
  });
  let webNotFound: ((req: FastifyRequest, reply: FastifyReply) => boolean) | undefined;
  app.setNotFoundHandler((req, reply) => {
    // A page address nobody serves, opened in a browser: the app's own 404 page (with a way back).
    if (webNotFound?.(req, reply)) return;
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } });
  });

  app.get('/health', async () => ({ status: 'ok', version: deps.version ?? '0.1.0' }));
  const cors = collectionCors(deps.corsOrigins ?? '*');
  const parser = deps.collectParser ?? collectionParser(undefined);
  if (!deps.collectParser) app.addHook('onClose', async () => parser.close());
  // Data-subject requests; collection drops events whose ids are on its suppression list.
  const privacy = new PrivacyService(app, deps.store, state, { dataDir: deps.dataDir ?? join(tmpdir(), 'trailmap-privacy'), uploadDir: deps.uploadDir ?? join(tmpdir(), 'trailmap-uploads'), onChanged: () => results?.clear(), ...(deps.privacyDeadlines ? { deadlines: deps.privacyDeadlines } : {}) });
  collectRoutes(app, deps.store, auth, cors, parser, () => privacy.suppression());
  browserSdkRoutes(app, auth, cors, deps.publicUrl);
  refuseOtherPreflights(app);
  const auditor = new Auditor(state);
  piiRoutes(app, deps.store, deps.keys);
  readRoutes(app, deps.store, deps.keys, state, deps.now ?? Date.now, auditor);
  consentRoutes(app, deps.store, deps.keys, auditor, deps.now ?? Date.now);
  // The in-app inbox the site or app reads, and the unsubscribe links of messages (docs/channels.md).
  inboxRoutes(app, deps.store, state, auth, deps.now ?? Date.now);
  unsubscribeRoutes(app, deps.store, auditor, projectUnsubscribeSecret(state), deps.now ?? Date.now);
  auditRoutes(app, state, deps.keys);
  // Analyses' answers, kept while the data is unchanged (see http/result-cache.ts).
  const results = deps.results === undefined ? resultCacheFor(deps.store) : deps.results ?? undefined;
  // Relative ranges resolve in the project time zone at the request's now.
  const clock = () => ({ timeZone: deps.timeZone ?? 'UTC', now: (deps.now ?? Date.now)() });
  analyticsRoutes(app, deps.store, deps.keys, clock, results, state);
  customersRoutes(app, deps.store, deps.keys, results, deps.compute, state, deps.now ?? Date.now);
  decideRoutes(app, deps.store, state, deps.keys, deps.compute, results, clock);
  personalizeRoutes(app, deps.store, { ...(deps.personalize ? { config: deps.personalize } : {}), state, now: deps.now ?? Date.now });
  notesRoutes(app, state, deps.keys);
  displayNamesRoutes(app, state, deps.keys);
  projectRoutes(app, deps.keys, { currency: deps.currency ?? 'USD', timeZone: deps.timeZone ?? 'UTC' });
  insightsRoutes(app, state, deps.keys);
  const nowMs = deps.now ?? Date.now;
  const feed = deps.journeys?.feed;
  const segments = new SegmentRefresher(deps.store, state, nowMs, feed ? (key, change, at) => feed.segmentChanged(key, change, at) : undefined);
  segments.start();
  app.addHook('onClose', async () => segments.close());
  segmentsRoutes(app, deps.store, state, deps.keys, segments, nowMs, auditor);
  // Scoring runs: their model fits on the compute pool; persona segments saved, then every segment recomputed.
  const scorePool = deps.compute ?? new ComputePool();
  const scores = new ScoreRunner(deps.store, state, scorePool, segments, nowMs, results);
  app.addHook('onClose', async () => {
    await scores.close();
    if (!deps.compute) await scorePool.close();
  });
  if (deps.scoresEveryMs) scores.start(deps.scoresEveryMs, (e) => app.log.error({ err: e }, 'scheduled scoring run failed'));
  scoresRoutes(app, deps.keys, scores);
  computedTraitsRoutes(app, deps.store, state, deps.keys, nowMs);
  const retention = new RetentionRunner(deps.store, state, deps.retention ?? retentionConfigSchema.parse({}), nowMs, results);
  if (deps.retention) retention.start((e) => app.log.error({ err: e }, 'scheduled retention run failed'));
  app.addHook('onClose', async () => retention.close());
  retentionRoutes(app, deps.keys, retention);
  // Proactive service: triggers scanned into service tasks; the task list (docs/service.md).
  const service = new ServiceTaskRunner(deps.store, state, deps.service ?? serviceConfigSchema.parse({}), nowMs);
  if (deps.service) service.start((e) => app.log.error({ err: e }, 'scheduled service scan failed'));
  app.addHook('onClose', async () => service.close());
  tasksRoutes(app, state, service, auditor, nowMs);
  dashboardsRoutes(app, state, deps.keys);
  keysRoutes(app, state, nowMs);
  filesRoutes(app, deps.store, deps.keys, deps.uploadDir ?? join(tmpdir(), 'trailmap-uploads'), () => privacy.suppression());
  privacyRoutes(app, state, deps.keys, privacy);
  journeysRoutes(app, { state, store: deps.store, catalogue: deps.journeys?.catalogue ?? new JourneyCatalogue(state), context: deps.journeys?.context ?? warehouseContextSource(deps.store, state, deps.timeZone ?? 'UTC'), auditor, now: nowMs });
  if (deps.web) webNotFound = registerWeb(app, auth, state, deps.web);
  return app;
}
