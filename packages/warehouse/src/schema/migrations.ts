import type { SqlSession } from '../warehouse.js';
import type { Columns, TableSpec } from './table-spec.js';

export interface Migration {
  version: number;
  name: string;
  /** The tables this version adds (each engine writes its own DDL for them). */
  tables: readonly TableSpec[];
}

const table = (name: string, columns: Columns, orderBy: readonly string[], more: Partial<TableSpec> = {}): TableSpec => ({ name, columns, orderBy, ...more });

/** Every event, deduplicated by message_key, with its person and touchpoint classification. */
export const EVENT_COLUMNS = [
  ['message_key', 'hash128'],
  ['message_id', 'text'],
  ['type', 'label'],
  ['event', 'label', 'null'],
  ['name', 'label', 'null'],
  ['person_id', 'text'],
  ['user_id', 'text', 'null'],
  ['anonymous_id', 'text', 'null'],
  ['group_id', 'text', 'null'],
  ['previous_id', 'text', 'null'],
  ['timestamp', 'timestamp'],
  ['original_timestamp', 'timestamp', 'null'],
  ['sent_at', 'timestamp', 'null'],
  ['received_at', 'timestamp'],
  ['properties', 'json'],
  ['traits', 'json'],
  ['context', 'json'],
  ['touchpoint', 'label'],
  ['channel', 'label'],
  ['touchpoint_type', 'label'],
  ['stage', 'label'],
  ['source', 'label'],
] as const satisfies Columns;

/**
 * Events sorted by person then time (funnels and paths read one person's events together); the
 * message key ends the sort key so that it names one row. On a cluster they are sharded by person.
 */
export const EVENTS_TABLE: TableSpec = table('events', EVENT_COLUMNS, ['person_id', 'timestamp', 'message_key'], {
  unique: true,
  shardBy: 'person_id',
  // Every analysis matches on the event label; ClickHouse keeps it as one dictionary-encoded column (dialect.eventLabel).
  materialized: [['label', 'label', 'coalesce(event, name, type)']],
});

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, identities, quarantine, imports',
    tables: [
      EVENTS_TABLE,
      table(
        'identities',
        [
          ['identity', 'text'],
          ['person_id', 'text'],
          ['first_seen', 'timestamp'],
        ],
        ['identity'],
        { unique: true },
      ),
      table(
        'identity_merges',
        [
          ['from_person', 'text'],
          ['into_person', 'text'],
          ['message_id', 'text'],
          ['merged_at', 'timestamp'],
        ],
        ['merged_at'],
      ),
      table(
        'identity_conflicts',
        [
          ['identity_a', 'text'],
          ['identity_b', 'text'],
          ['via', 'text'],
          ['message_id', 'text'],
          ['seen_at', 'timestamp'],
          ['reason', 'text'],
        ],
        ['seen_at'],
      ),
      table(
        'quarantine',
        [
          ['quarantine_key', 'hash128'],
          ['received_at', 'timestamp'],
          ['source', 'text'],
          ['file', 'text', 'null'],
          ['line', 'int', 'null'],
          ['record', 'text', 'null'],
          ['message_id', 'text', 'null'],
          ['code', 'text'],
          ['field', 'text', 'null'],
          ['reason', 'text'],
          ['raw', 'text', 'null'],
        ],
        ['received_at'],
      ),
      table(
        'imports',
        [
          ['file_hash', 'text'],
          ['file_name', 'text'],
          ['format', 'text'],
          ['imported_at', 'timestamp'],
          ['rows', 'int'],
          ['accepted', 'int'],
          ['quarantined', 'int'],
          ['duplicates', 'int'],
        ],
        ['imported_at'],
      ),
    ],
  },
  {
    version: 2,
    name: 'settings',
    tables: [
      table(
        'settings',
        [
          ['key', 'text'],
          ['value', 'text'],
        ],
        ['key'],
      ),
    ],
  },
  {
    version: 3,
    name: 'journey notes (the qualitative layer of the journey map)',
    tables: [
      table(
        'journey_notes',
        [
          ['id', 'text'],
          ['kind', 'text'],
          ['stage', 'text', 'null'],
          ['channel', 'text', 'null'],
          ['touchpoint', 'text', 'null'],
          ['lane', 'text', 'null'],
          ['text', 'text'],
          ['owner', 'text', 'null'],
          ['status', 'text'],
          ['created_at', 'timestamp'],
          ['updated_at', 'timestamp'],
        ],
        ['id'],
      ),
    ],
  },
  {
    version: 4,
    name: 'person scores (RFM, persona, CLV, P(alive), churn risk per person)',
    tables: [
      // One row per person and score of a scoring run (SCORE_NAMES in core): `num` for numeric
      // scores, `text` for rfmGroup and persona, `detail` JSON where a score carries more (the
      // churn reasons, the persona's en/zh name). Readers take the run of max(scored_at) in
      // person_score_runs, written only once all its rows are in; older runs are deleted after.
      table(
        'person_scores',
        [
          ['scored_at', 'timestamp'],
          ['person_id', 'text'],
          ['score', 'label'],
          ['num', 'double', 'null'],
          ['text', 'text', 'null'],
          ['detail', 'json', 'null'],
        ],
        ['scored_at', 'score', 'person_id'],
      ),
      table(
        'person_score_runs',
        [
          ['scored_at', 'timestamp'],
          ['completed_at', 'timestamp'],
          ['people', 'int'],
          ['summary', 'json'],
        ],
        ['scored_at'],
      ),
    ],
  },
  {
    version: 5,
    name: 'consents (choices per purpose with their history, countries for the region defaults, events not stored)',
    tables: [
      // Every consent choice, keyed by identity ('user:…' / 'anon:…'): a person's are those of their
      // identities (so merges need no rewrite, and a deletion removes the rows of the identities).
      // Written at ingest when a choice differs from the identity's latest, and by the API.
      table(
        'consents',
        [
          ['identity', 'text'],
          ['purpose', 'label'],
          ['granted', 'bool'],
          ['chosen_at', 'timestamp'],
          ['source', 'label'],
          ['message_id', 'text', 'null'],
          ['recorded_at', 'timestamp'],
        ],
        ['identity', 'purpose', 'chosen_at'],
      ),
      // The country each identity's events tell, when it changes: the region whose default applies.
      table(
        'identity_countries',
        [
          ['identity', 'text'],
          ['country', 'label'],
          ['seen_at', 'timestamp'],
          ['message_id', 'text'],
        ],
        ['identity', 'seen_at'],
      ),
      // Mode `drop`: how many events of people who refused analytics were not stored, per commit (no ids).
      table(
        'consent_drops',
        [
          ['dropped_at', 'timestamp'],
          ['events', 'int'],
        ],
        ['dropped_at'],
      ),
    ],
  },
  {
    version: 6,
    name: 'PII detections (counts per key path, kind and the action the policy took; no values)',
    tables: [
      // Appended by each commit's PII step (ingest/pii-step.ts), summed on read (GET /v1/privacy/pii).
      table(
        'pii_detections',
        [
          ['at', 'timestamp'],
          ['path', 'text'],
          ['kind', 'label', 'null'],
          ['action', 'label'],
          ['hits', 'int'],
        ],
        ['at'],
      ),
    ],
  },
];

const MIGRATIONS_TABLE: TableSpec = table(
  'schema_migrations',
  [
    ['version', 'int'],
    ['name', 'text'],
    ['applied_at', 'timestamp'],
  ],
  ['version'],
);

/**
 * Apply migrations newer than the stored version, each in its own transaction (on ClickHouse,
 * statement by statement: every CREATE is IF NOT EXISTS and the version row comes last, so an
 * interrupted migration is simply run again).
 */
export async function migrate(db: { transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> } & SqlSession) {
  const d = db.dialect;
  for (const stmt of db.steps.tableDdl(MIGRATIONS_TABLE)) await db.exec(stmt);
  const rows = await db.query<{ v: number }>('SELECT version AS v FROM schema_migrations');
  const have = new Set(rows.map((r) => Number(r.v)));
  const current = Math.max(0, ...have);
  const applied: number[] = [];
  // By set, not by the highest version: a store that got a later number first still gets an earlier one.
  for (const m of MIGRATIONS) {
    if (have.has(m.version)) continue;
    await db.transaction(async (tx) => {
      for (const spec of m.tables) for (const stmt of tx.steps.tableDdl(spec)) await tx.exec(stmt);
      await tx.exec(`INSERT INTO schema_migrations VALUES (${d.param(0, m.version)}, ${d.param(1, m.name)}, ${d.now()})`, [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return { from: current, applied };
}
