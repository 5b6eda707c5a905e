import type { ColumnKind, Dialect } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

type Columns = ReadonlyArray<readonly [name: string, kind: ColumnKind, nullable?: 'null']>;

export interface Migration {
  version: number;
  name: string;
  up(d: Dialect): string[];
}

export function createTable(d: Dialect, name: string, columns: Columns, orderBy: readonly string[]): string {
  const cols = columns.map(([n, k, nul]) => `  ${d.ident(n)} ${nul ? d.nullable(d.columnType(k)) : `${d.columnType(k)} NOT NULL`}`);
  return `CREATE TABLE IF NOT EXISTS ${d.ident(name)} (\n${cols.join(',\n')}\n)${d.tableOptions(orderBy)}`;
}

/** Every event, deduplicated by message_key, with its person and touchpoint classification. */
export const EVENT_COLUMNS = [
  ['message_key', 'hash128'],
  ['message_id', 'text'],
  ['type', 'text'],
  ['event', 'text', 'null'],
  ['name', 'text', 'null'],
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
  ['touchpoint', 'text'],
  ['channel', 'text'],
  ['touchpoint_type', 'text'],
  ['stage', 'text'],
  ['source', 'text'],
] as const satisfies Columns;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, identities, quarantine, imports',
    up: (d) => [
      createTable(d, 'events', EVENT_COLUMNS, ['person_id', 'timestamp']),
      createTable(
        d,
        'identities',
        [
          ['identity', 'text'],
          ['person_id', 'text'],
          ['first_seen', 'timestamp'],
        ],
        ['identity'],
      ),
      createTable(
        d,
        'identity_merges',
        [
          ['from_person', 'text'],
          ['into_person', 'text'],
          ['message_id', 'text'],
          ['merged_at', 'timestamp'],
        ],
        ['merged_at'],
      ),
      createTable(
        d,
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
      createTable(
        d,
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
      createTable(
        d,
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
    up: (d) => [
      createTable(
        d,
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
    up: (d) => [
      createTable(
        d,
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
];

/** Apply migrations newer than the stored version, each in its own transaction. */
export async function migrate(db: { transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> } & SqlSession) {
  const d = db.dialect;
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version ${d.columnType('int')} NOT NULL, name ${d.columnType('text')} NOT NULL, applied_at ${d.columnType('timestamp')} NOT NULL)${d.tableOptions(['version'])}`,
  );
  const rows = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const current = rows[0]?.v ?? 0;
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await db.transaction(async (tx) => {
      for (const stmt of m.up(d)) await tx.exec(stmt);
      await tx.exec(`INSERT INTO schema_migrations VALUES (${d.param(0, m.version)}, ${d.param(1, m.name)}, now())`, [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return { from: current, applied };
}
