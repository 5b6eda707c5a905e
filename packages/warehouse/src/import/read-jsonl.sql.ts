import type { Params } from '../dialect/dialect.js';
import { checkCollisions, parseTarget } from './column-mapping.js';
import { markerListSql } from './columnar-fields.sql.js';
import type { ImportConstant } from './constants.js';
import { dottedObjectSql, type DottedEntry } from './dotted-json.sql.js';
import { deepKeySql, markCountSql, markedPathSql, maySurrogateSql } from './json-safety.sql.js';
import { loadPhysicalLines } from './physical-lines.sql.js';
import type { FileReader, Step } from './reader.js';
import { ALL_FIELDS, DOTTED_ROOTS, isObjectField, type SegmentField } from './segment-fields.js';
import { sqlIdent } from './sql-text.js';
import { fieldColumnsSql } from './validate.sql.js';

/**
 * `_imp_unicode(line, marked, field)`: the lines DuckDB refuses only for an escaped unpaired
 * surrogate, with the escapes marked and the path core would name. A pass of its own: the few such
 * lines get json_tree, which inside the main query would be a join over every line.
 */
async function markLoneSurrogates(step: Step): Promise<void> {
  await step((tx) =>
    tx.exec(`
      CREATE OR REPLACE TEMP TABLE _imp_unicode AS
      SELECT line, marked, CASE WHEN left(ltrim(marked, ' \t\r\n'), 1) = '{' THEN coalesce(${markedPathSql('marked')}, '') END AS field
        FROM (SELECT line, nullif(_imp_mark_lone_surrogates(txt), txt) AS marked
                FROM _imp_lines
               WHERE pre_code IS NULL AND txt IS NOT NULL AND ${maySurrogateSql('txt')} AND NOT json_valid(txt)) m
       WHERE marked IS NOT NULL AND _imp_strict_json(marked)`),
  );
}

/**
 * Where each field is read from in a JSON line: its own key, or the key `--map` names for it. A
 * `--map` and a `--set` may not fill the same field (a line's own key of a `--set` field is ignored).
 */
function keysFor(file: string, map: Record<string, string>, constants: readonly ImportConstant[]) {
  const keyOf = new Map<SegmentField, string>(ALL_FIELDS.map((f) => [f, f]));
  const dotted: Array<{ key: string; root: (typeof DOTTED_ROOTS)[number]; path: string[] }> = [];
  const targets = [];
  for (const [key, target] of Object.entries(map)) {
    const t = parseTarget(file, target, `--map ${key}=${target}: target`);
    targets.push({ column: key, target: t });
    if (t.kind === 'field') keyOf.set(t.field, key);
    else dotted.push({ key, root: t.root, path: t.path });
  }
  checkCollisions(file, [...targets, ...constants.map((c) => ({ column: `--set ${c.name}`, target: c.target }))]);
  return { keyOf, dotted };
}

/** The field SQL of a constant: text as a CSV cell is (a string), or JSON object text for properties/traits/context. */
function constantField(f: SegmentField, value: string, p: Params) {
  const text = `CAST(${p.add(value)} AS VARCHAR)`;
  return isObjectField(f) ? { kind: `'object'`, text: `CAST(json(${text}) AS VARCHAR)` } : { kind: `'string'`, text };
}

/**
 * JSON Lines: each non-blank line is one Segment message, read the way the HTTP API reads a
 * message (unknown keys are ignored). Blank lines are not rows. The line is parsed once into a
 * struct of JSON members; a member's kind comes from its first character. A `null` member reads
 * as SQL NULL like an absent one, so lines containing "null" also get their key list.
 *
 * DuckDB refuses what JSON.parse takes in one case: an escaped unpaired surrogate (`"\ud800"`).
 * Such a line is read with the escape marked (`src`), so it is quarantined as `invalid_unicode`
 * naming the field, as over HTTP, instead of `invalid_json`.
 */
export async function readJsonl(
  step: Step,
  path: string,
  file: string,
  map: Record<string, string>,
  p: Params,
  opts: { constants?: readonly ImportConstant[]; nullMarkers?: readonly string[] } = {},
): Promise<FileReader> {
  const constants = opts.constants ?? [];
  const { keyOf, dotted } = keysFor(file, map, constants);
  await loadPhysicalLines(step, path);
  await markLoneSurrogates(step);
  const fixed = new Map(constants.flatMap((c) => (c.target.kind === 'field' ? [[c.target.field, c.value] as const] : [])));
  for (const f of fixed.keys()) keyOf.delete(f);
  const keys = [...new Set([...keyOf.values(), ...dotted.map((d) => d.key)])];
  const structure = p.add(JSON.stringify(Object.fromEntries(keys.map((k) => [k, 'JSON']))));
  const col = (key: string) => `_m${keys.indexOf(key)}`;
  const kindCol = (key: string) => `_k${keys.indexOf(key)}`;
  // Members come back minified from json_transform, so the first character names the kind.
  const members = keys.map((key) => `CAST(j.${sqlIdent(key)} AS VARCHAR) AS ${col(key)}`).join(', ');
  const isObject = `left(ltrim(src, ' \t\r\n'), 1) = '{'`;
  const unquoted = (m: string) => `CASE WHEN contains(${m}, '\\') THEN json_extract_string(${m}, '$') ELSE ${m}[2:-2] END`;
  // A string member equal to a null marker (`--null NA`) is absent, as an empty CSV cell is.
  const markers = markerListSql(opts.nullMarkers, p);
  const stringKind = (m: string) => (markers === null ? `'string'` : `CASE WHEN (${unquoted(m)}) IN (${markers}) THEN NULL ELSE 'string' END`);
  const kinds = keys
    .map((key) => {
      const m = col(key);
      return `CASE WHEN ${m} IS NOT NULL THEN (CASE left(${m}, 1) WHEN '"' THEN ${stringKind(m)} WHEN '{' THEN 'object' WHEN '[' THEN 'array'
          WHEN 't' THEN 'boolean' WHEN 'f' THEN 'boolean' WHEN 'n' THEN 'null'
          ELSE (CASE WHEN isinf(TRY_CAST(${m} AS DOUBLE)) THEN 'other' ELSE 'number' END) END)
        WHEN _has_null THEN (CASE WHEN list_contains(_keys, ${p.add(key)}) THEN 'null' END) END AS ${kindCol(key)}`;
    })
    .join(',\n      ');
  const text = (key: string) => {
    const [m, k] = [col(key), kindCol(key)];
    return `CASE ${k} WHEN 'string' THEN (${unquoted(m)})
      WHEN 'number' THEN _imp_js_number(${m}) WHEN 'object' THEN ${m} WHEN 'array' THEN ${m} END`;
  };
  const fields: Partial<Record<SegmentField, { kind: string; text: string }>> = {};
  for (const f of ALL_FIELDS) {
    const value = fixed.get(f);
    const key = keyOf.get(f);
    fields[f] = value !== undefined ? constantField(f, value, p) : { kind: kindCol(key!), text: text(key!) };
  }
  const memberJson = (m: string) => (markers === null ? m : `CASE WHEN left(${m}, 1) = '"' AND (${unquoted(m)}) IN (${markers}) THEN NULL ELSE ${m} END`);
  const dottedConstants = constants.flatMap((c) => (c.target.kind === 'dotted' ? [{ root: c.target.root, path: c.target.path, json: `_imp_csv_cell_json(CAST(${p.add(c.value)} AS VARCHAR))` }] : []));
  const prelude: string[] = [];
  for (const root of DOTTED_ROOTS) {
    const entries: DottedEntry[] = [
      ...dotted.filter((d) => d.root === root).map((d) => ({ path: d.path, json: memberJson(col(d.key)) })),
      ...dottedConstants.filter((d) => d.root === root),
    ];
    if (entries.length === 0) continue;
    const built = `_dot_${root}`;
    prelude.push(`${dottedObjectSql(entries, p)} AS ${built}`);
    const own = fields[root]!;
    fields[root] = {
      kind: `CASE WHEN ${own.kind} IS NULL AND ${built} <> '{}' THEN 'object' ELSE ${own.kind} END`,
      text: `CASE WHEN ${own.kind} = 'object' THEN CAST(json_merge_patch(${own.text}, ${built}) AS VARCHAR) WHEN ${own.kind} IS NULL THEN ${built} END`,
    };
  }
  const sources = Object.fromEntries([...keyOf].filter(([f, key]) => f !== key).map(([f, key]) => [f, key]));
  const relation = `
  SELECT line AS _line, line AS _lineno, 1 AS _span,
    CASE WHEN pre_code IS NOT NULL THEN pre_code WHEN NOT _valid THEN 'invalid_json' WHEN j IS NULL THEN 'invalid_field' END AS _pre_code,
    CAST(NULL AS VARCHAR) AS _pre_field,
    CASE WHEN pre_code IS NOT NULL THEN pre_reason WHEN NOT _valid THEN 'not valid JSON' WHEN j IS NULL THEN 'expected a JSON object' END AS _pre_reason,
    CASE WHEN j IS NULL THEN 0 WHEN strlen(txt) < 16384 THEN strlen(txt)
         ELSE strlen(CAST(json(src) AS VARCHAR)) + 1 + CASE WHEN marked IS NULL THEN 0 ELSE 2 * ${markCountSql('src')} END END AS _size,
    CASE WHEN j IS NOT NULL THEN ${deepKeySql('src')} END AS _deep_field,
    CASE WHEN j IS NOT NULL THEN unicode_field END AS _unicode_field,
    txt AS _raw,
    ${fieldColumnsSql(fields)}
  FROM (
    SELECT *, ${kinds}${prelude.length ? `, ${prelude.join(', ')}` : ''}
    FROM (
      SELECT *, ${members}, CASE WHEN _has_null AND j IS NOT NULL THEN json_keys(src) END AS _keys
      FROM (
        SELECT *, CASE WHEN _valid AND ${isObject} THEN json_transform(src, ${structure}) END AS j,
               contains(src, 'null') AS _has_null
        FROM (
          SELECT *, CASE WHEN pre_code IS NULL THEN _imp_strict_json(src) ELSE false END AS _valid
          FROM (
            SELECT l.line, l.txt, l.pre_code, l.pre_reason, u.marked, u.field AS unicode_field, coalesce(u.marked, l.txt) AS src
            FROM _imp_lines l LEFT JOIN _imp_unicode u ON u.line = l.line
            WHERE l.txt IS NOT NULL AND trim(l.txt, ' \t\r\n') <> ''
          ) marked
        ) valid
      ) parsed
    ) members
  ) kinds`;
  return { relation, sources, recordLabel: 'line', depthChecked: true, fillRaw: null };
}
