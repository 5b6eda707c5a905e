import { DEFAULT_CONSENT_CONFIG, type ConsentConfig, type IdentityRules, type TouchpointRule } from '@trailmap/core';
import { consentDropStep, consentStep } from '../consent/consent-step.js';
import type { Dialect } from '../dialect/dialect.js';
import { EVENT_COLUMNS } from '../schema/migrations.js';
import { CLASSIFY_INPUT, classificationInputsFrom } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';
import { classifyDistinctInputs } from './classify-step.js';
import { identityStep } from './identity-step.js';
import { piiStep, type PiiSettings } from './pii-step.js';
import { STAGING_TABLE } from './staging.js';

export interface IngestSettings {
  rules: readonly TouchpointRule[];
  identity: IdentityRules;
  /** The PII policy and project salt applied to every new record before it is stored (none: nothing applied). */
  pii?: PiiSettings;
  /** The project's consent settings (the default when absent): choices and countries are recorded at commit; mode `drop` leaves refusers' events out. */
  consent?: ConsentConfig;
}

export interface CommitResult {
  staged: number;
  accepted: number;
  duplicates: number;
  identitiesAdded: number;
  merges: number;
  conflicts: number;
  /** Consent choices added to the history. */
  consentChoices?: number;
  /** Mode `drop`: new events not stored because their person refused analytics (not in `accepted`). */
  consentDropped?: number;
}

/**
 * Where a commit's records are: a table (or parenthesized SELECT) holding the staging columns as
 * text, or, `prepared`, one that already holds the columns `preparedRowsSql` computes (a file
 * import computes them in its validating pass, so nothing is parsed twice).
 */
export interface StagedRows {
  from: string;
  prepared: boolean;
}

/** The staging table every source fills (HTTP batches, the collection log, demo data). */
export const TEXT_STAGING: StagedRows = { from: STAGING_TABLE, prepared: false };

/** The columns a commit reads of each record, beside the classification inputs and `_ckey`. */
const PREPARED_COLUMNS = [
  'seq', 'message_key', 'message_id', 'event', 'name', 'user_id', 'anonymous_id', 'group_id', 'previous_id',
  'ts', 'original_ts', 'sent_ts', 'received_ts', 'properties', 'traits', 'context', 'source',
];

/**
 * Staged text records as the commit reads them: message_key (a 128-bit hash of messageId), the
 * four times parsed, the classifier's inputs and their hash `_ckey` (JSON read once), plus `carry`.
 */
export function preparedRowsSql(d: Dialect, source: string, carry: readonly string[] = []): string {
  return classificationInputsFrom(
    d,
    `(SELECT *, ${d.hash128('message_id')} AS message_key, ${d.parseTimestamp('timestamp')} AS ts,
             ${d.parseTimestamp('original_timestamp')} AS original_ts, ${d.parseTimestamp('sent_at')} AS sent_ts,
             ${d.parseTimestamp('received_at')} AS received_ts
        FROM ${source} s)`,
    [...PREPARED_COLUMNS, ...carry].join(', '),
  );
}

/** Every column of prepared rows (what `StagedRows.from` must hold when `prepared`). */
export const PREPARED_ROW_COLUMNS: readonly string[] = [...PREPARED_COLUMNS, ...Object.values(CLASSIFY_INPUT), '_ckey'];

export interface FreshCounts {
  staged: number;
  fresh: number;
}

/**
 * `_fresh`: every column the insert needs, for the new records only (first of each messageId, not
 * already stored). Built before the commit's transaction when the caller can (a table DuckDB
 * creates inside a transaction is scanned by one thread only); the caller keeps other writers out
 * between this and commitFresh.
 */
export async function prepareFresh(s: SqlSession, rows: StagedRows = TEXT_STAGING): Promise<FreshCounts> {
  // Later copies of a messageId are few or none: the filter probes that small set (a semi-join of every seq is not cheap).
  const key = rows.prepared ? 'message_key' : 'message_id';
  const later = `SELECT y.seq FROM ${rows.from} y
    JOIN (SELECT ${key} AS dup_key, min(seq) AS first_seq FROM ${rows.from} z GROUP BY ${key} HAVING count(*) > 1) d ON d.dup_key = y.${key}
   WHERE y.seq <> d.first_seq`;
  const firsts = `(SELECT * FROM ${rows.from} x WHERE seq NOT IN (${later}))`;
  const prepared = rows.prepared ? firsts : preparedRowsSql(s.dialect, firsts);
  await s.steps.replaceTempAs(s, '_fresh', `SELECT * FROM ${prepared} f WHERE message_key NOT IN (SELECT message_key FROM events)`);
  const [counts] = await s.query<FreshCounts>(`SELECT (SELECT count(*) FROM ${rows.from} c) AS staged, (SELECT count(*) FROM _fresh) AS fresh`);
  return counts!;
}

/**
 * Insert `_fresh` into events inside the caller's transaction: stitch identities, classify
 * touchpoints (each distinct input tuple once), one INSERT joining only small tables.
 *
 * Run again after a crash at any statement (ClickHouse, which has no transactions), it adds
 * nothing twice: events already inserted are duplicates by message_key, and the identity step
 * recomputes from the stored graph (see identityStep).
 */
export async function commitFresh(tx: SqlSession, settings: IngestSettings, counts: FreshCounts): Promise<CommitResult> {
  const d = tx.dialect;
  const { staged, fresh: accepted } = counts;
  if (accepted === 0) return { staged, accepted, duplicates: staged, identitiesAdded: 0, merges: 0, conflicts: 0 };

  // PII first: what is stored, and everything after, sees the values as the policy leaves them.
  await piiStep(tx, settings.pii);
  const ident = await identityStep(tx, settings.identity);
  const consentConfig = settings.consent ?? DEFAULT_CONSENT_CONFIG;
  const consent = await consentStep(tx, consentConfig);
  await consentDropStep(tx, consentConfig);
  await classifyDistinctInputs(tx, '_fresh', settings.rules);
  const cols = EVENT_COLUMNS.map(([n]) => d.ident(n)).join(', ');
  const personOf = `CASE WHEN f.user_id IS NOT NULL THEN 'user:' || f.user_id ELSE 'anon:' || f.anonymous_id END`;
  const [drop] = consentConfig.analyticsRefused === 'drop'
    ? await tx.query<{ n: number }>(`SELECT count(*) AS n FROM _fresh f JOIN _person_of p ON p.identity = ${personOf} WHERE p.person_id IN (SELECT person_id FROM _consent_drop)`)
    : [];
  const dropped = Number(drop?.n ?? 0);
  const dropping = dropped > 0 ? `\n     WHERE p.person_id NOT IN (SELECT person_id FROM _consent_drop)` : '';
  // _person_of holds every identity of the batch, so the userId's person is found when there is one.
  await tx.exec(`
    INSERT INTO events (${cols})
    SELECT f.message_key, f.message_id, f.type, f.event, f.name, p.person_id, f.user_id, f.anonymous_id, f.group_id, f.previous_id,
           f.ts, f.original_ts, f.sent_ts, f.received_ts, f.properties, f.traits, f.context,
           c.touchpoint, c.channel, c.touchpoint_type, c.stage, f.source
      FROM _fresh f
      JOIN _class_cache c ON c._ckey = f._ckey
      LEFT JOIN _person_of p ON p.identity = CASE WHEN f.user_id IS NOT NULL THEN 'user:' || f.user_id ELSE 'anon:' || f.anonymous_id END${dropping}`);
  if (dropped > 0) await tx.exec(`INSERT INTO consent_drops VALUES (${d.now()}, ${d.param(0, dropped)})`, [dropped]);
  return {
    staged,
    accepted: accepted - dropped,
    duplicates: staged - accepted,
    identitiesAdded: ident.added,
    merges: ident.merges,
    conflicts: ident.conflicts,
    consentChoices: consent.choices,
    consentDropped: dropped,
  };
}

/**
 * Move staged records into `events` in one session: drop duplicates (within the batch and against
 * stored events, by a 128-bit hash of messageId), stitch identities, classify touchpoints, insert.
 */
export async function commitStaged(tx: SqlSession, settings: IngestSettings, rows: StagedRows = TEXT_STAGING): Promise<CommitResult> {
  return commitFresh(tx, settings, await prepareFresh(tx, rows));
}
