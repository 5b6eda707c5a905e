import { MAX_EVENT_BYTES, MAX_ID_LENGTH, MAX_JSON_DEPTH, MESSAGE_TYPES, TIMESTAMP_RANGE_TEXT, type MessageType } from '@trailmap/core';
import type { Params } from '../dialect/dialect.js';
import { COMMON_ISO_PATTERN, inTimestampRangeSql, isoPartsSql, isoTextSql } from './iso-timestamp.sql.js';
import { ALL_FIELDS, OBJECT_FIELDS, TIMESTAMP_FIELDS, type SegmentField } from './segment-fields.js';
import { sqlString } from './sql-text.js';

/**
 * The same accept/reject decisions as `normalizeMessage`, as SQL over a reader's rows, first
 * problem wins, in the order normalizeMessage and zod report them: reader problems (bad JSON, bad
 * CSV row), nesting too deep, size, unpaired surrogates, type, then the schema's fields in its key
 * order (messageId, userId, anonymousId, timestamp, originalTimestamp, sentAt, context,
 * integrations, writeKey, channel, then the type's own fields), then id lengths, then "userId or
 * anonymousId", then the storable time range. Last comes the file-only rule: a row needs
 * timestamp or originalTimestamp.
 *
 * A reader yields `_line` (staging seq), `_lineno` (line in the file, NULL for Parquet), `_pre_code`,
 * `_pre_field`, `_pre_reason`, `_deep_field` and `_unicode_field` (the field nested too deep /
 * holding an unpaired surrogate, else NULL), `_size` (bytes as normalizeMessage measures, or
 * anything ≤ the limit when the row is certainly small), `_raw`, and per field `k_<field>` (kind,
 * NULL = absent; 'timestamp' for a typed Parquet time) and `t_<field>` (text).
 */
export interface ValidateContext {
  defaultType: MessageType | undefined;
  /** Column or key each field came from, when it differs from the field name (for messages). */
  sources: Partial<Record<SegmentField, string>>;
  /** 'line' for text formats, 'row' for Parquet. */
  recordLabel: 'line' | 'row';
  /** The reader's `_deep_field` covers every key; otherwise the object fields' depth is checked here. */
  depthChecked?: boolean;
  receivedAt: string;
  source: string;
}

/** One rule: SQL for when it fails, and SQL for the code, field (NULL for the whole record) and reason. */
interface Check {
  when: string;
  code: string;
  field: string | null;
  reason: string;
}

const k = (f: SegmentField) => `k_${f}`;
const t = (f: SegmentField) => `t_${f}`;
const isId = (f: SegmentField) => `${k(f)} IN ('string', 'number')`;
/** More than n code points (zod's string max counts code points): bytes first, exact count only for long texts. */
const longerChars = (f: SegmentField, n: number) => `(CASE WHEN strlen(${t(f)}) > ${n} THEN length(${t(f)}) > ${n} ELSE false END)`;
/** More than n UTF-16 units (normalizeMessage's id check uses JS .length): astral characters count twice. */
const longer = (f: SegmentField, n: number) =>
  `(CASE WHEN strlen(${t(f)}) > ${n} THEN length(${t(f)}) + length(regexp_replace(${t(f)}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')) > ${n} ELSE false END)`;
const present = (f: SegmentField) => `coalesce(${k(f)} = 'number' OR (${k(f)} = 'string' AND ${t(f)} <> ''), false)`;
/** A list, not `IN (…)`: DuckDB turns a six-value IN of a select list into a join, whose scan reports no progress. */
const TYPE_LIST = `[${MESSAGE_TYPES.map(sqlString).join(', ')}]`;

function checks(ctx: ValidateContext, p: Params): Check[] {
  const name = (f: SegmentField) => {
    const src = ctx.sources[f];
    return src && src !== f ? `${f} (column ${src})` : f;
  };
  const got = (f: SegmentField) =>
    `CASE ${k(f)} WHEN 'string' THEN ', got ' || to_json(left(${t(f)}, 80)) WHEN 'null' THEN ', got null' ELSE ', got a value of kind ' || ${k(f)} END`;
  const reason = (f: SegmentField, text: string, withValue = false) => `${p.add(`${name(f)}: ${text}`)}${withValue ? ` || ${got(f)}` : ''}`;
  const invalid = (f: SegmentField, when: string, text: string): Check => ({ when, code: "'invalid_field'", field: sqlString(f), reason: reason(f, text, true) });
  const missing = (f: SegmentField, when: string): Check => ({ when, code: "'missing_field'", field: sqlString(f), reason: reason(f, 'is required') });
  const typeIs = (...types: MessageType[]) => `_type IN (${types.map(sqlString).join(', ')})`;
  const objectOk = (f: SegmentField) => `(${k(f)} IS NULL OR ${k(f)} = 'object')`;
  const iso = 'expected an ISO-8601 date string such as 2024-05-01T12:00:00.000Z (a real calendar day)';
  const idText = `expected a string id`;
  const lengthText = `id must be a finite number or a string of 1 to ${MAX_ID_LENGTH} characters`;
  return [
    { when: '_pre_code IS NOT NULL', code: '_pre_code', field: '_pre_field', reason: '_pre_reason' },
    {
      when: '_deep_field IS NOT NULL',
      code: "'too_deep'",
      field: '_deep_field',
      reason: `_deep_field || ${p.add(`: nested more than ${MAX_JSON_DEPTH} levels deep`)}`,
    },
    {
      when: `_size > ${MAX_EVENT_BYTES}`,
      code: "'event_too_large'",
      field: null,
      reason: `CAST(_size AS VARCHAR) || ${p.add(` bytes exceeds the ${MAX_EVENT_BYTES}-byte limit per event`)}`,
    },
    {
      when: '_unicode_field IS NOT NULL',
      code: "'invalid_unicode'",
      field: `nullif(_unicode_field, '')`,
      reason: `coalesce(nullif(_unicode_field, ''), 'record') || ${p.add(
        ': text holds an unpaired UTF-16 surrogate (e.g. "\\ud800"), which is not Unicode; send well-formed UTF-8/UTF-16 text',
      )}`,
    },
    {
      when: `_type IS NULL OR NOT list_contains(${TYPE_LIST}, _type)`,
      code: "'invalid_type'",
      field: "'type'",
      reason: `${p.add(`${name('type')}: expected one of ${MESSAGE_TYPES.join(', ')}`)} || CASE WHEN k_type IS NULL THEN ', got nothing (give the file a type column or pass --type)' ELSE ${got('type')} END`,
    },
    invalid('messageId', `${k('messageId')} IS NOT NULL AND NOT ${isId('messageId')}`, idText),
    missing('userId', `_type = 'alias' AND ${k('userId')} IS NULL`),
    invalid('userId', `${k('userId')} IS NOT NULL AND NOT (${isId('userId')} OR (${k('userId')} = 'null' AND _type <> 'alias'))`, idText),
    invalid('anonymousId', `${k('anonymousId')} IS NOT NULL AND NOT (${isId('anonymousId')} OR ${k('anonymousId')} = 'null')`, idText),
    ...TIMESTAMP_FIELDS.map((f) => invalid(f, `${k(f)} IS NOT NULL AND _ts_${f} IS NULL`, iso)),
    invalid('context', `NOT ${objectOk('context')}`, 'expected a JSON object'),
    invalid('integrations', `NOT ${objectOk('integrations')}`, 'expected a JSON object'),
    invalid('writeKey', `${k('writeKey')} IS NOT NULL AND ${k('writeKey')} <> 'string'`, 'expected a string'),
    invalid('channel', `${k('channel')} IS NOT NULL AND ${k('channel')} <> 'string'`, 'expected a string'),
    missing('event', `_type = 'track' AND ${k('event')} IS NULL`),
    invalid('event', `_type = 'track' AND (${k('event')} <> 'string' OR ${t('event')} = '' OR ${longerChars('event', 512)})`, 'expected the event name as a non-empty string of at most 512 characters'),
    ...(['name', 'category'] as const).map((f) =>
      invalid(f, `${typeIs('page', 'screen')} AND ${k(f)} IS NOT NULL AND NOT (${k(f)} = 'null' OR (${k(f)} = 'string' AND NOT ${longerChars(f, 512)}))`, 'expected a string of at most 512 characters'),
    ),
    missing('groupId', `_type = 'group' AND ${k('groupId')} IS NULL`),
    invalid('groupId', `_type = 'group' AND NOT ${isId('groupId')}`, idText),
    missing('previousId', `_type = 'alias' AND ${k('previousId')} IS NULL`),
    invalid('previousId', `_type = 'alias' AND NOT ${isId('previousId')}`, idText),
    invalid('properties', `${typeIs('track', 'page', 'screen')} AND NOT ${objectOk('properties')}`, 'expected a JSON object'),
    invalid('traits', `${typeIs('identify', 'group')} AND NOT ${objectOk('traits')}`, 'expected a JSON object'),
    // normalizeMessage's checkIds: lengths, and no empty messageId/groupId/previousId.
    invalid('messageId', `${k('messageId')} = 'string' AND (${t('messageId')} = '' OR ${longer('messageId', MAX_ID_LENGTH)})`, lengthText),
    invalid('userId', `${k('userId')} = 'string' AND ${longer('userId', MAX_ID_LENGTH)}`, lengthText),
    // As in normalizeMessage: an alias needs a non-empty userId (the id it links to).
    invalid('userId', `_type = 'alias' AND NOT ${present('userId')}`, 'an alias needs a non-empty userId'),
    invalid('anonymousId', `${k('anonymousId')} = 'string' AND ${longer('anonymousId', MAX_ID_LENGTH)}`, lengthText),
    invalid('groupId', `_type = 'group' AND ${k('groupId')} = 'string' AND (${t('groupId')} = '' OR ${longer('groupId', MAX_ID_LENGTH)})`, lengthText),
    invalid('previousId', `_type = 'alias' AND ${k('previousId')} = 'string' AND (${t('previousId')} = '' OR ${longer('previousId', MAX_ID_LENGTH)})`, lengthText),
    {
      when: `_type <> 'alias' AND NOT ${present('userId')} AND NOT ${present('anonymousId')}`,
      code: "'no_user_anon_id'",
      field: null,
      reason: p.add('either userId or anonymousId is required'),
    },
    // Times every engine stores alike (DuckDB and ClickHouse part ways past 9999, DateTime64 at 2299).
    ...TIMESTAMP_FIELDS.map(
      (f): Check => ({
        when: `_ts_${f} IS NOT NULL AND NOT ${inTimestampRangeSql(`_ts_${f}`)}`,
        code: "'invalid_timestamp'",
        field: sqlString(f),
        reason: `${p.add(`${name(f)}: `)} || CASE WHEN ${k(f)} = 'string' THEN CAST(to_json(${t(f)}) AS VARCHAR) ELSE ${isoTextSql(`_ts_${f}`)} END || ${p.add(
          ` is outside the supported range ${TIMESTAMP_RANGE_TEXT}`,
        )}`,
      }),
    ),
    {
      when: `${k('timestamp')} IS NULL AND ${k('originalTimestamp')} IS NULL`,
      code: "'missing_field'",
      field: "'timestamp'",
      reason: p.add(
        'timestamp: is required in a file: importing it as "now" would misdate the event (add a timestamp column or --map <column>=timestamp)',
      ),
    },
  ];
}

/**
 * Bytes of the record as normalizeMessage measures a message (2 + per key: name + 4 + JSON
 * value), over the fields a CSV or Parquet row has. Escaping at most sextuples a string, so rows
 * whose text is surely small skip the exact count (they get 0, which is under the limit anyway).
 */
function recordSizeSql(): string {
  const bound = ALL_FIELDS.map((f) => `CASE WHEN ${k(f)} IS NULL THEN 0 ELSE ${f.length + 6} + 6 * coalesce(strlen(${t(f)}), 4) END`).join(' + ');
  const exact = ALL_FIELDS.map(
    (f) => `CASE WHEN ${k(f)} IS NULL THEN 0 ELSE ${f.length + 4} + strlen(CASE WHEN ${k(f)} IN ('string', 'timestamp') THEN CAST(to_json(${t(f)}) AS VARCHAR) ELSE coalesce(${t(f)}, 'null') END) END`,
  ).join(' + ');
  return `CASE WHEN 2 + ${bound} <= ${MAX_EVENT_BYTES} THEN 0 ELSE 2 + ${exact} END`;
}

/** The first object field nested too deep (a reader that sees every key, JSON Lines, says so itself). */
function deepObjectFieldSql(): string {
  return `CASE ${OBJECT_FIELDS.map((f) => `WHEN ${k(f)} IN ('object', 'array') AND _imp_too_deep(${t(f)}) THEN ${sqlString(f)}`).join(' ')} END`;
}

/** The select list of a reader: per field its kind and text, NULL where the file has no such field. */
export function fieldColumnsSql(fields: Partial<Record<SegmentField, { kind: string; text: string }>>): string {
  return ALL_FIELDS.map((f) => {
    const s = fields[f];
    return s ? `${s.kind} AS ${k(f)}, ${s.text} AS ${t(f)}` : `CAST(NULL AS VARCHAR) AS ${k(f)}, CAST(NULL AS VARCHAR) AS ${t(f)}`;
  }).join(',\n    ');
}

/**
 * SELECT of every reader row with the staging columns (STAGING_COLUMNS, as text; the times,
 * properties, traits and context only for valid rows, which the commit parses), then its first
 * problem (code NULL when valid), raw text and record label. A row without messageId gets `imp-` + md5 of its stored
 * content (type, event, name, ids, timestamp, properties, traits, context): the same row in a
 * renamed or re-exported file gets the same id and deduplicates.
 *
 * Layers, innermost first: resolve the type and try DuckDB's own timestamp cast on common shapes
 * (`parsed`); the exact Date.parse rules for the other texts (`parts`, `timed`); the first failing
 * check (`checked`); the staging values (`staged`); the content id.
 */
export function checkedRowsSql(readerSql: string, ctx: ValidateContext, p: Params): string {
  const list = checks(ctx, p);
  const index = `CASE ${list.map((c, i) => `WHEN ${c.when} THEN ${i + 1}`).join('\n      ')} END`;
  // The first check (a reader problem) has per-row values; the rest are constants, picked from a constant list.
  const listOf = (get: (c: Check) => string | null) =>
    `CASE WHEN _problem = 1 THEN ${get(list[0]!)} ELSE [${list.map((c, i) => (i === 0 ? 'NULL' : (get(c) ?? 'NULL'))).join(', ')}][_problem] END`;
  const reasons = `CASE WHEN _problem IS NOT NULL THEN (CASE _problem ${list.map((c, i) => `WHEN ${i + 1} THEN ${c.reason}`).join(' ')} END) END`;
  const defaultType = ctx.defaultType ? sqlString(ctx.defaultType) : 'CAST(NULL AS VARCHAR)';
  const label = p.add(`${ctx.recordLabel} `);
  const each = (fn: (f: (typeof TIMESTAMP_FIELDS)[number]) => string) => TIMESTAMP_FIELDS.map(fn).join(',\n        ');
  return `
SELECT seq,
       CASE WHEN given_message_id IS NOT NULL OR code IS NOT NULL THEN given_message_id
            ELSE 'imp-' || md5(concat_ws(chr(31), type, coalesce(event, chr(30)), coalesce(name, chr(30)), coalesce(user_id, chr(30)),
              coalesce(anonymous_id, chr(30)), coalesce(group_id, chr(30)), coalesce(previous_id, chr(30)), timestamp, properties, traits, context)) END AS message_id,
       type, event, name, user_id, anonymous_id, group_id, previous_id,
       -- what the commit parses, only for valid rows (a refused row's text may not parse)
       CASE WHEN code IS NULL THEN timestamp END AS timestamp, CASE WHEN code IS NULL THEN original_timestamp END AS original_timestamp,
       CASE WHEN code IS NULL THEN sent_at END AS sent_at, received_at,
       CASE WHEN code IS NULL THEN properties END AS properties, CASE WHEN code IS NULL THEN traits END AS traits,
       CASE WHEN code IS NULL THEN context END AS context, source,
       _lineno, _span, code, field, reason, raw, given_message_id,
       CASE WHEN code IS NOT NULL THEN ${label} || CAST(coalesce(_lineno, seq) AS VARCHAR) END AS record
FROM (
SELECT CAST(_line AS BIGINT) AS seq, CAST(_lineno AS BIGINT) AS _lineno, CAST(_span AS BIGINT) AS _span,
       ${listOf((c) => c.code)} AS code, ${listOf((c) => c.field)} AS field, ${reasons} AS reason,
       CASE WHEN _problem IS NOT NULL THEN _raw END AS raw,
       CASE WHEN ${isId('messageId')} THEN ${t('messageId')} END AS given_message_id,
       _type AS type,
       CASE WHEN _type = 'track' THEN ${t('event')} END AS event,
       CASE WHEN _type IN ('page', 'screen') AND ${k('name')} = 'string' THEN ${t('name')} END AS name,
       CASE WHEN ${present('userId')} THEN ${t('userId')} END AS user_id,
       CASE WHEN ${present('anonymousId')} THEN ${t('anonymousId')} END AS anonymous_id,
       CASE WHEN _type = 'group' THEN ${t('groupId')} END AS group_id,
       CASE WHEN _type = 'alias' THEN ${t('previousId')} END AS previous_id,
       coalesce(_iso_timestamp, _iso_originalTimestamp) AS timestamp,
       coalesce(_iso_originalTimestamp, _iso_timestamp) AS original_timestamp,
       _iso_sentAt AS sent_at,
       CAST(${p.add(ctx.receivedAt)} AS VARCHAR) AS received_at,
       CASE WHEN _type IN ('page', 'screen') AND ${k('category')} = 'string'
                 AND (${k('properties')} IS NULL OR NOT json_exists(${t('properties')}, '$.category'))
              THEN CAST(json_merge_patch(coalesce(${t('properties')}, '{}'), json_object('category', ${t('category')})) AS VARCHAR)
            WHEN _type IN ('track', 'page', 'screen') THEN coalesce(${t('properties')}, '{}')
            ELSE '{}' END AS properties,
       CASE WHEN _type IN ('identify', 'group') THEN coalesce(${t('traits')}, '{}') ELSE '{}' END AS traits,
       coalesce(${t('context')}, '{}') AS context,
       CAST(${p.add(ctx.source)} AS VARCHAR) AS source
FROM (
  SELECT *, ${index} AS _problem,
    ${each((f) => `CASE WHEN _fast_${f} IS NOT NULL AND strlen(${t(f)}) = 24 AND ${t(f)}[24] = 'Z' AND ${t(f)}[11] = 'T' THEN ${t(f)} ELSE ${isoTextSql(`_ts_${f}`)} END AS _iso_${f}`)}
  FROM (
    SELECT *, ${each((f) => `CASE WHEN _fast_${f} IS NOT NULL THEN CAST(_fast_${f} AS TIMESTAMP) WHEN _parts_${f} IS NOT NULL THEN _imp_iso_instant(_parts_${f}) END AS _ts_${f}`)}
    FROM (
      SELECT *, ${each((f) => `CASE WHEN ${k(f)} = 'string' AND _fast_${f} IS NULL THEN ${isoPartsSql(t(f))} END AS _parts_${f}`)}
      FROM (
        SELECT * REPLACE (coalesce(_size, ${recordSizeSql()}) AS _size, ${ctx.depthChecked ? '_deep_field' : `coalesce(_deep_field, ${deepObjectFieldSql()})`} AS _deep_field,
          coalesce(_unicode_field, CASE ${OBJECT_FIELDS.map((f) => `WHEN ${k(f)} = 'invalid_unicode' THEN ${sqlString(f)}`).join(' ')} END) AS _unicode_field),
          CASE WHEN k_type IS NULL THEN ${defaultType} WHEN k_type = 'string' THEN t_type END AS _type,
          ${each((f) => `CASE WHEN ${k(f)} = 'timestamp' OR (${k(f)} = 'string' AND regexp_full_match(${t(f)}, ${sqlString(COMMON_ISO_PATTERN)})) THEN TRY_CAST(${t(f)} AS TIMESTAMPTZ) END AS _fast_${f}`)}
        FROM (${readerSql}) reader
      ) parsed
    ) parts
  ) timed
) checked
) staged`;
}
