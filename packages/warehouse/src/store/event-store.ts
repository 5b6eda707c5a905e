import { dirname, join } from 'node:path';
import { DEFAULT_RULES, touchpointRuleSchema, type NormalizedEvent, type ProjectConfig, type TouchpointRule, type WarehouseTarget } from '@trailmap/core';
import type { QueryLog } from '../duckdb/duckdb-warehouse.js';
import { openWarehouse } from '../engine/open-warehouse.js';
import { commitFresh, prepareFresh, type CommitResult, type IngestSettings, type StagedRows } from '../ingest/commit-staged.js';
import { IngestLog } from '../ingest/ingest-log.js';
import { encodeEventTail } from '../ingest/log-lines.js';
import { loadSegment, trimTornTail } from '../ingest/load-segment.js';
import { salvageSegment } from '../ingest/salvage-segment.js';
import type { QuarantineRow } from '../ingest/quarantine.js';
import { resetStaging } from '../ingest/staging.js';
import { migrate } from '../schema/migrations.js';
import type { SqlSession, Warehouse } from '../warehouse.js';
import { loadProfile, type Profile } from './profile.js';
import { ConsentScope } from '../consent/consent-scope.js';
import type { ConsentUpdate, JourneyEvent, PersonConsent } from '@trailmap/core';
import { stagedJourneyEvents } from '../journeys/staged-journey-events.sql.js';
import { rulesFor, rulesHash } from './rules-for.js';
import { listNonTouchpoints, listTouchpoints, type NonTouchpointRow, type TouchpointRow } from './touchpoints.js';
import { projectSalt, type StateStore } from '@trailmap/state';
import { randomBytes } from 'node:crypto';
import { piiSummary } from './pii-summary.js';
import { stateCatalogueEdits, unsavedCatalogueEdits, type CatalogueEditsSource } from './catalogue-edits-source.js';
import { stateImportsLog, unsavedImportsLog, type ImportsLog } from './imports-log.js';
import { moveLegacyState, type LegacyMove } from './move-to-state.js';
import { peopleTraitNames, searchPeople, type PeopleSearch } from './people.js';
import { listQuarantine } from './quarantine-list.js';
import { listSources } from './sources-list.js';
import { LOAD_AT_BYTES, timedLoadDue, type LastLoad } from '../ingest/load-pacing.js';

export interface BatchCounts {
  /** Valid events now durable in the log (duplicates by messageId are dropped when loaded). */
  accepted: number;
  quarantined: number;
}

/** A collection-log segment the engine refused, and what was done about it. */
export interface SegmentIncident {
  segment: string;
  /** The engine's error on the first attempt. */
  error: string;
  /** Lines turned into quarantine records (code `unloadable`). */
  quarantined: number;
  /** Where the segment was moved when even the salvaged file could not be loaded (kept, never deleted). */
  movedTo?: string;
}

export interface EventStoreOptions {
  /** The data directory: the collection log, and the warehouse's files for an embedded engine. */
  dataDir?: string;
  /** Where events live (TRAILMAP_WAREHOUSE); DuckDB by default. */
  warehouse?: WarehouseTarget;
  /** DuckDB only: the database file (default `<dataDir>/trailmap.duckdb`); without `dataDir`, its directory is the data directory. */
  path?: string;
  project: ProjectConfig;
  /** DuckDB only: engine settings such as threads or memory_limit. */
  settings?: Record<string, string>;
  onQuery?: QueryLog;
  /** Collection log directory (default: `<dataDir>/ingest-log`). */
  logDir?: string;
  /** Load the log into the warehouse at least this often (ms). */
  loadEveryMs?: number;
  /**
   * The state store (TRAILMAP_STATE): catalogue edits and the imports log live there, and what an
   * older version kept in the warehouse moves there at open. Without one (tests, one-off tools),
   * edits and the log last only while the store is open.
   */
  state?: StateStore;
  /** Close `state` with this store (a CLI command's one-off store owns its state store). */
  ownState?: boolean;
  /**
   * The key PII is hashed with at ingest (docs/privacy.md#pii-detection-and-masking); default the
   * project salt of `state`, and without a state store a random one that lasts while the store is open.
   */
  piiSalt?: Uint8Array;
  /** Told of the events each collection-log segment committed that journeys listen for (docs/journeys.md#where-events-come-from). */
  journeyFeed?: JourneyFeedListener;
}

/** Hands committed events to journey orchestration (the server's journey feed). */
export interface JourneyFeedListener {
  /** The event names some journey listens for now (none: nothing is read). */
  watched(): Promise<readonly string[]>;
  /** Take over a segment's events of those names, after their commit. A throw keeps the segment, so the next load hands them over again. */
  loaded(events: JourneyEvent[]): Promise<void>;
}


/** The event store: durable ingestion (group commit), identity, touchpoints, profiles. */
export class EventStore {
  readonly settings: IngestSettings;
  private loading: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  /** The last log load, for the loader's pace (load-pacing.ts). */
  private lastLoad: LastLoad = { endedAt: 0, ms: 0 };
  private loadError: unknown = null;
  private feedError: unknown = null;
  private journeyFeed: JourneyFeedListener | null = null;
  /** Segments the engine refused since this store opened (salvaged or set aside). */
  readonly incidents: SegmentIncident[] = [];

  private project: ProjectConfig;
  private editedRules: TouchpointRule[] = [];
  /** The catalogue edits' revision the rules in `settings` were built from (-1: not read yet). */
  private rulesRevision = -1;
  private edits: CatalogueEditsSource = unsavedCatalogueEdits();
  /** Where the import records each file (the state store's log when there is one). */
  importsLog: ImportsLog = unsavedImportsLog();
  /** What moved from this data directory's warehouse into the state store at open (null: nothing). */
  legacyMove: LegacyMove | null = null;
  private ownedState: StateStore | null = null;
  private version = 0;
  /** Consent enforcement: analyses leave out people whose analytics consent is refused (docs/privacy.md#consent). */
  readonly consent: ConsentScope;
  /**
   * Whether other processes may write the same warehouse (a ClickHouse server): then
   * `dataVersion` only sees this process's writes. Embedded engines are one process's alone.
   */
  shared = false;

  private constructor(
    readonly db: Warehouse,
    project: ProjectConfig,
    private readonly log: IngestLog,
  ) {
    this.settings = { rules: rulesFor(project), identity: project.identity, consent: project.consent };
    this.consent = new ConsentScope(project.consent);
    this.project = project;
  }

  /**
   * A number that changes whenever this process changed what the analyses read: a collection
   * log load, a bulk load (import, demo), a re-classification under new rules. Results computed
   * at one version may be reused until it changes (see the server's result cache).
   */
  get dataVersion(): number {
    return this.version;
  }

  /**
   * Open (creating if needed) the warehouse the target names, apply migrations, re-classify if the
   * rules changed, and load any collection log a previous process left behind.
   */
  static async open(opts: EventStoreOptions): Promise<EventStore> {
    const dataDir = opts.dataDir ?? (opts.path ? dirname(opts.path) : null);
    if (dataDir === null) throw new Error('EventStore.open needs a data directory (dataDir)');
    const db = await openWarehouse(opts.warehouse ?? { kind: 'duckdb' }, dataDir, {
      ...(opts.path ? { duckdbFile: opts.path } : {}),
      ...(opts.settings ? { duckdbSettings: opts.settings } : {}),
      ...(opts.onQuery ? { onQuery: opts.onQuery } : {}),
    });
    try {
      await migrate(db);
      const log = IngestLog.open(opts.logDir ?? join(dataDir, 'ingest-log'));
      const store = new EventStore(db, opts.project, log);
      store.shared = opts.warehouse?.kind === 'clickhouse';
      store.journeyFeed = opts.journeyFeed ?? null;
      store.settings.pii = { policy: opts.project.pii, salt: opts.piiSalt ?? (opts.state ? await projectSalt(opts.state) : randomBytes(32)) };
      if (opts.state) {
        if (opts.ownState) store.ownedState = opts.state;
        store.legacyMove = await moveLegacyState(db, opts.state);
        store.edits = stateCatalogueEdits(opts.state);
        store.importsLog = stateImportsLog(opts.state);
      }
      await store.refreshRules();
      await store.flush();
      const every = opts.loadEveryMs ?? 250;
      store.timer = setInterval(() => {
        if (timedLoadDue(Date.now(), store.log.pendingBytes, store.lastLoad, every)) void store.flush().catch((e) => (store.loadError = e));
      }, every);
      store.timer.unref();
      return store;
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
  }

  /**
   * Use the current catalogue edits: one cheap read of their revision, and only when another
   * process (or this one) saved since, the rules and a re-classification of stored events.
   */
  private async refreshRules(): Promise<void> {
    if ((await this.edits.revision()) === this.rulesRevision) return;
    const { revision, rules } = await this.edits.load();
    this.editedRules = rules;
    this.settings.rules = rulesFor(this.project, rules);
    try {
      await this.syncRules();
    } finally {
      this.version++;
    }
    this.rulesRevision = revision;
  }

  private async syncRules(): Promise<void> {
    const hash = rulesHash(this.settings.rules);
    const [row] = await this.db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'touchpoint_rules'`);
    if (row?.value === hash) return;
    await this.db.transaction(async (tx) => {
      if (row) await tx.steps.reclassifyEvents(tx, this.settings.rules);
      await tx.exec(`DELETE FROM settings WHERE key = 'touchpoint_rules'`);
      await tx.exec(`INSERT INTO settings VALUES ('touchpoint_rules', ${tx.dialect.param(0, hash)})`, [hash]);
    });
  }

  /**
   * Make validated events and quarantined records durable (appended to the collection log and
   * fdatasync'ed, shared with concurrent callers); they reach the warehouse within `loadEveryMs`.
   */
  ingestBatch(events: readonly NormalizedEvent[], quarantine: readonly QuarantineRow[] = []): Promise<BatchCounts> {
    return this.ingestEncoded(events.map(encodeEventTail), quarantine);
  }

  /** As `ingestBatch`, for events already encoded as log lines by `encodeEventTail` (off the request thread). */
  async ingestEncoded(eventTails: readonly string[], quarantine: readonly QuarantineRow[] = []): Promise<BatchCounts> {
    if (this.loadError) throw new Error(`loading the collection log failed: ${(this.loadError as Error).message}`);
    await this.log.appendEncoded(eventTails, quarantine);
    if (this.log.pendingBytes > LOAD_AT_BYTES) void this.flush().catch((e) => (this.loadError = e));
    return { accepted: eventTails.length, quarantined: quarantine.length };
  }

  /** When the last load of the collection log into the warehouse ended (null before the first). */
  get lastLoadAt(): number | null {
    return this.lastLoad.endedAt === 0 ? null : this.lastLoad.endedAt;
  }

  /** Load everything acknowledged so far into the warehouse (read-your-writes). */
  flush(): Promise<void> {
    return this.queued(() => this.loadLog());
  }

  /** Run `fn` in the store's write queue (log loads, bulk loads): no two overlap on the writer's work tables. */
  private queued<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.loading.then(fn);
    this.loading = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async loadLog(): Promise<void> {
    const t0 = Date.now();
    try {
      await this.loadSealed();
    } finally {
      const endedAt = Date.now();
      this.lastLoad = { endedAt, ms: endedAt - t0 };
    }
  }

  private async loadSealed(): Promise<void> {
    await this.refreshRules();
    await this.log.seal();
    for (const segment of this.log.sealed()) {
      trimTornTail(segment);
      this.version++;
      try {
        await this.loadSegment(segment);
      } catch (e) {
        await this.recoverSegment(segment, e as Error);
      }
      // A segment whose events journeys could not take stays: the next load commits it again (every event a duplicate) and hands them over again.
      if (!(await this.feedJourneys())) break;
      this.log.remove(segment);
    }
    this.loadError = null;
  }

  /** Hand the segment just loaded to the journey feed; false when it failed (kept in `journeyFeedError`). */
  private async feedJourneys(): Promise<boolean> {
    const feed = this.journeyFeed;
    if (!feed) return true;
    try {
      const names = await feed.watched();
      const events = await stagedJourneyEvents(this.db, names);
      if (events.length > 0) await feed.loaded(events);
      this.feedError = null;
      return true;
    } catch (e) {
      this.feedError = e;
      return false;
    }
  }

  /** Why the last hand-over to journeys failed (null when it did not). */
  get journeyFeedError(): Error | null {
    return this.feedError === null ? null : (this.feedError as Error);
  }

  private loadSegment(segment: string): Promise<CommitResult> {
    return loadSegment(this.db, segment, this.settings);
  }

  /**
   * One bad record must not block the log: the lines the engine cannot load become quarantine
   * records and the rest is loaded. If nothing in the segment was bad, the failure is not the
   * data's (disk, engine), so it is thrown and the segment retried later. If the salvaged file
   * still fails, it is moved to `failed/` beside the log (kept for the operator), never deleted.
   */
  private async recoverSegment(segment: string, error: Error): Promise<void> {
    const { setAside } = salvageSegment(segment, error.message);
    const incident: SegmentIncident = { segment, error: error.message.split('\n')[0]!, quarantined: setAside };
    if (setAside === 0) throw error;
    this.incidents.push(incident);
    try {
      await this.loadSegment(segment);
    } catch (e) {
      incident.movedTo = this.log.setAside(segment, `${(e as Error).message}\n(first attempt: ${error.message})`);
    }
  }

  /**
   * Run a bulk load: `fill` puts rows into the staging table (and quarantine) on the writer
   * connection, or leaves `rows` ready (a file import's prepared rows), then one transaction commits
   * them into events. Staging and the new records are built outside the transaction because DuckDB
   * scans tables created inside it with one thread only; quarantine rows written by `fill` are
   * idempotent, so a failed commit can simply be re-run.
   */
  async bulkLoad<T>(fill: (tx: SqlSession) => Promise<T>, rows?: StagedRows): Promise<{ fill: T; commit: CommitResult }> {
    // In the load queue, after the log: a log load between fill and commit would reset staging.
    return this.queued(async () => {
      await this.loadLog();
      const { out, counts } = await this.db.onWriter(async (s) => {
        await resetStaging(s);
        const out = await fill(s);
        return { out, counts: await prepareFresh(s, rows) };
      });
      this.version++;
      const commit = await this.db.transaction((tx) => commitFresh(tx, this.settings, counts));
      this.version++;
      return { fill: out, commit };
    });
  }

  /**
   * Run `fn` on the warehouse alone, after everything acknowledged so far is loaded, with no load
   * or bulk load running beside it (data-subject requests erase and compact here). Analyses' kept
   * answers are dropped after it (the data version moves).
   */
  exclusive<T>(fn: (db: Warehouse) => Promise<T>): Promise<T> {
    return this.queued(async () => {
      await this.loadLog();
      try {
        return await fn(this.db);
      } finally {
        this.version++;
      }
    });
  }

  /** The collection log's directory (its `failed/` segments are files the store keeps). */
  get logDir(): string {
    return this.log.dir;
  }

  async profile(id: string): Promise<Profile | null> {
    await this.flush();
    return loadProfile(this.db, id, 50, this.consent.config);
  }

  async touchpoints(): Promise<TouchpointRow[]> {
    await this.flush();
    return listTouchpoints(this.db);
  }

  /** Identify / alias / group calls by type: stored, but not touchpoints. */
  async nonTouchpoints(): Promise<NonTouchpointRow[]> {
    await this.flush();
    return listNonTouchpoints(this.db);
  }

  /** People search (id, userId, anonymousId, email or name contains `q`; latest-trait filters), most recently active first, with the total. */
  async people(search: PeopleSearch = {}) {
    await this.flush();
    return searchPeople(this.db, search);
  }

  /** Trait names of the newest identify calls (the people list's column and filter choices). */
  async peopleTraits() {
    await this.flush();
    return peopleTraitNames(this.db);
  }

  /** The key paths PII was found at and what the policy did, with counts (GET /v1/privacy/pii). */
  async piiSummary() {
    await this.flush();
    return piiSummary(this.db, this.project.pii);
  }

  /** Quarantined records with their reasons, newest first. */
  async quarantine(opts: Parameters<typeof listQuarantine>[1] = {}) {
    await this.flush();
    return listQuarantine(this.db, opts);
  }

  /** Which sources have sent data (events and quarantined records per source), most recent first. */
  async sources() {
    await this.flush();
    return listSources(this.db);
  }

  /**
   * Everything collected so far, queryable: the session analyses run on (after loading the log).
   * Its `dialect.events` leaves out the people whose analytics consent is refused.
   */
  async readSession(): Promise<SqlSession> {
    await this.flush();
    return this.consent.scoped(this.db, this.version);
  }

  /** The warehouse as analyses that also write (a scoring run) must use it: `events` scoped by consent as in readSession. */
  async analysisDb(): Promise<Warehouse> {
    await this.flush();
    return this.consent.scoped(this.db, this.version);
  }

  /** A person's effective consent per purpose with its history (null: unknown id); the gate for marketing sends and personalisation. */
  async consentFor(id: string): Promise<PersonConsent | null> {
    await this.flush();
    return this.consent.person(this.db, id);
  }

  /** Record a person's explicit choices (PUT /v1/people/:id/consent); null for an unknown id. Analyses see the change at once. */
  async setConsent(id: string, update: ConsentUpdate, at = new Date()): Promise<PersonConsent | null> {
    await this.flush();
    const done = await this.queued(async () => {
      try {
        return await this.consent.record(this.db, id, update, at);
      } finally {
        this.version++;
      }
    });
    return done === null ? null : this.consent.person(this.db, done.personId);
  }

  /** The touchpoint catalogue's rules by origin: edited in the app (by any process), from the config file, defaults. */
  async catalogueRules(): Promise<{ edited: TouchpointRule[]; config: TouchpointRule[]; defaults: readonly TouchpointRule[]; replaceDefaults: boolean }> {
    await this.flush();
    return { edited: [...this.editedRules], config: [...this.project.touchpoints.rules], defaults: DEFAULT_RULES, replaceDefaults: this.project.touchpoints.replaceDefaults };
  }

  /**
   * Replace the rules edited in the app (they come before the config file's and the defaults)
   * and re-classify every stored event under the new rules; returns how long that took.
   */
  async saveCatalogueRules(rules: readonly TouchpointRule[]): Promise<{ rules: number; reclassifiedMs: number }> {
    const parsed = touchpointRuleSchema.array().max(500).parse(rules);
    await this.checkRulePatterns(parsed);
    await this.flush();
    const t0 = performance.now();
    await this.edits.save(parsed);
    // The next load picks the saved revision up (or a later one another process saved) and re-classifies.
    await this.flush();
    return { rules: parsed.length, reclassifiedMs: Math.round(performance.now() - t0) };
  }

  /** Compile every pattern in the engine first: one it cannot use is refused, naming the rule's field, and nothing is stored. */
  private async checkRulePatterns(rules: readonly TouchpointRule[]): Promise<void> {
    const d = this.db.dialect;
    for (const [i, rule] of rules.entries()) {
      for (const [key, pattern] of Object.entries(rule.match)) {
        if (typeof pattern !== 'string') continue;
        try {
          await this.db.query(`SELECT ${d.regexMatch("''", d.param(0, pattern))} AS ok`, [pattern]);
        } catch (e) {
          throw new RuleError(`rules[${i}].match.${key}`, `the pattern ${JSON.stringify(pattern)} is not a regular expression the engine can use: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    }
  }

  async eventCount(): Promise<number> {
    await this.flush();
    const [r] = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM events');
    return r?.n ?? 0;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    await this.log.close();
    await this.db.close();
    await this.ownedState?.close();
  }
}

/** A catalogue rule the engine cannot use; `field` is its path in the request (`rules[0].match.event`). */
export class RuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
