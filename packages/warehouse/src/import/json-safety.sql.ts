import { MAX_JSON_DEPTH } from '@trailmap/core';

/**
 * SQL twins of core's json-safety.ts: JSON text nested too deep to keep, and JSON text holding an
 * escaped unpaired UTF-16 surrogate (`"\ud800"`), which JSON.parse accepts but is not Unicode.
 */

/** U+10FFFF stands in for each unpaired surrogate escape, so the line parses and the spot can be found. */
const MARK = 'chr(1114111)';

/**
 * Macro `_imp_mark_lone_surrogates(x)`: the JSON text with every unpaired `\uD800`–`\uDFFF` escape
 * replaced by `\udbff\udfff` (U+10FFFF); NULL when the text holds a raw U+0002 (then it is not valid
 * JSON anyway). RE2 has no look-around, so escaped backslashes (`\\`) and valid pairs are first
 * swapped for U+0001/U+0002 (never in a line DuckDB reads: U+0001 is the line reader's delimiter),
 * left to right as JSON reads them, and put back after the lone escapes are replaced. A line that
 * already holds U+10FFFF may have the wrong field named, never a wrong decision.
 */
export const LONE_SURROGATE_MACRO = String.raw`CREATE OR REPLACE TEMP MACRO _imp_mark_lone_surrogates(x) AS
  CASE WHEN contains(x, chr(2)) THEN NULL ELSE
    replace(replace(
      regexp_replace(
        regexp_replace(regexp_replace(x, '\\\\', chr(1), 'g'),
          '\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})', chr(2) || '\1' || chr(2) || '\2', 'g'),
        '\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\\udbff\\udfff', 'g'),
      chr(2), '\u'), chr(1), '\\')
  END`;

/** Whether a JSON line may hold a surrogate escape at all (cheap, runs on every line). */
export const maySurrogateSql = (x: string) => `(contains(${x}, '\\ud') OR contains(${x}, '\\uD'))`;

/**
 * SQL for the path core's `loneSurrogatePath` reports (`properties.a[2].b`; a key's own
 * surrogate shows as U+FFFD) in marked JSON text. That walk is depth-first in document order and
 * checks an object's keys when it reaches the object, before its values, the last key first; so
 * a marked key counts at its parent's place in document order (json_tree's id), a string at its own.
 */
export const markedPathSql = (marked: string) => `(
  SELECT replace(regexp_replace(fullkey, '^[$][.]?', ''), ${MARK}, chr(65533)) FROM json_tree(${marked})
   WHERE contains(coalesce(key, ''), ${MARK}) OR (type = 'VARCHAR' AND contains(CAST(value AS VARCHAR), ${MARK}))
   ORDER BY CASE WHEN contains(coalesce(key, ''), ${MARK}) THEN parent ELSE id END, id DESC LIMIT 1)`;

/** A top-level key as a field name: a mark (an unpaired surrogate in the key) shows as U+FFFD. */
export const markedKeySql = (key: string) => `replace(${key}, ${MARK}, chr(65533))`;

/** How many marks a marked text holds (each stands for a 6-byte escape but takes 4 bytes). */
export const markCountSql = (marked: string) => `(length(${marked}) - length(replace(${marked}, ${MARK}, '')))`;

/**
 * Macro `_imp_too_deep(x)`: JSON text nested more than MAX_JSON_DEPTH levels (objects and arrays;
 * the value itself is level 1), as core's `tooDeep`. Strings are blanked, the brackets kept, and
 * innermost pairs removed MAX_JSON_DEPTH times: each pass lowers the height by one, so anything
 * left was deeper. Texts too short or with too few brackets to be that deep skip the work.
 */
export const TOO_DEEP_MACRO = String.raw`CREATE OR REPLACE TEMP MACRO _imp_too_deep(x) AS
  CASE WHEN x IS NULL OR strlen(x) <= ${2 * MAX_JSON_DEPTH} THEN false
       WHEN strlen(x) - strlen(replace(replace(x, '{', ''), '[', '')) <= ${MAX_JSON_DEPTH} THEN false
       ELSE list_reduce(
              [translate(regexp_replace(regexp_replace(x, '"(?:[^"\\]|\\.)*"', '', 'g'), '[^\[\]{}]', '', 'g'), '{}', '[]')]
                || list_transform(range(${MAX_JSON_DEPTH}), lambda i: ''),
              lambda acc, e: regexp_replace(acc, '\[\]', '', 'g')) <> ''
  END`;

/**
 * SQL for the first top-level key of a JSON object text whose value is too deep, as core's
 * `measure` finds it (record order), or NULL. Only lines with enough brackets are walked.
 */
export const deepKeySql = (json: string) => `CASE WHEN strlen(${json}) - strlen(replace(replace(${json}, '{', ''), '[', '')) > ${MAX_JSON_DEPTH} THEN
    ${markedKeySql(`list_filter(json_keys(${json}), lambda key: _imp_too_deep(CAST(json_extract(${json}, '$."' || replace(key, '"', '\\"') || '"') AS VARCHAR)))[1]`)} END`;
