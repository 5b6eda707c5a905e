import type { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';
import { parseTarget } from './column-mapping.js';
import { dottedObjectSql, type DottedEntry } from './dotted-json.sql.js';
import { loadPhysicalLines } from './physical-lines.sql.js';
import type { FileReader } from './reader.js';
import { ALL_FIELDS, DOTTED_ROOTS, type SegmentField } from './segment-fields.js';
import { jsonKeyPath, sqlIdent } from './sql-text.js';
import { fieldColumnsSql } from './validate.sql.js';

/** Where each field is read from in a JSON line: its own key, or the key `--map` names for it. */
function keysFor(file: string, map: Record<string, string>) {
  const keyOf = new Map<SegmentField, string>(ALL_FIELDS.map((f) => [f, f]));
  const dotted: Array<{ key: string; root: (typeof DOTTED_ROOTS)[number]; path: string[] }> = [];
  for (const [key, target] of Object.entries(map)) {
    const t = parseTarget(file, target, `--map ${key}=${target}: target`);
    if (t.kind === 'field') keyOf.set(t.field, key);
    else dotted.push({ key, root: t.root, path: t.path });
  }
  return { keyOf, dotted };
}

/**
 * JSON Lines: each non-blank line is one Segment message, read the way the HTTP API reads a
 * message (unknown keys are ignored). Blank lines are not rows. The line is parsed once into a
 * struct of JSON members; a member's kind comes from its first character, and `null` members
 * (which the struct cannot tell from absent ones) are looked up only on lines containing "null".
 */
export async function readJsonl(tx: SqlSession, path: string, file: string, map: Record<string, string>, p: Params): Promise<FileReader> {
  await loadPhysicalLines(tx, path);
  const { keyOf, dotted } = keysFor(file, map);
  const keys = [...new Set([...keyOf.values(), ...dotted.map((d) => d.key)])];
  const structure = p.add(JSON.stringify(Object.fromEntries(keys.map((k) => [k, 'JSON']))));
  const member = (key: string) => `CAST(j.${sqlIdent(key)} AS VARCHAR)`;
  const kind = (key: string) =>
    `CASE WHEN j.${sqlIdent(key)} IS NOT NULL THEN _imp_json_kind(${member(key)}) WHEN _has_null AND json_exists(txt, ${p.add(jsonKeyPath(key))}) THEN 'null' END`;
  const fields: Partial<Record<SegmentField, { kind: string; text: string }>> = {};
  for (const f of ALL_FIELDS) {
    const key = keyOf.get(f)!;
    fields[f] = { kind: kind(key), text: `_imp_json_text(${member(key)}, _imp_json_kind(${member(key)}))` };
  }
  for (const root of DOTTED_ROOTS) {
    const entries: DottedEntry[] = dotted.filter((d) => d.root === root).map((d) => ({ path: d.path, json: member(d.key) }));
    if (entries.length === 0) continue;
    const built = dottedObjectSql(entries, p);
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
    CASE WHEN j IS NULL THEN 0 WHEN strlen(txt) < 16384 THEN strlen(txt) ELSE strlen(CAST(json(txt) AS VARCHAR)) + 1 END AS _size,
    txt AS _raw,
    ${fieldColumnsSql(fields)}
  FROM (
    SELECT *, CASE WHEN _valid AND ltrim(txt, ' \t\r\n')[1] = '{' THEN json_transform(txt, ${structure}) END AS j,
           contains(txt, 'null') AS _has_null
    FROM (
      SELECT line, txt, pre_code, pre_reason, pre_code IS NULL AND _imp_strict_json(txt) AS _valid
      FROM _imp_lines
      WHERE txt IS NOT NULL AND trim(txt, ' \t\r\n') <> ''
    ) lines
  ) parsed`;
  return { relation, sources, recordLabel: 'line', fillRaw: null };
}
