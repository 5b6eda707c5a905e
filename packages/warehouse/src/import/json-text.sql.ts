import { maySurrogateSql } from './json-safety.sql.js';

/**
 * JSON text as JavaScript's JSON.parse reads it. DuckDB's json_valid also accepts trailing commas,
 * NaN and Infinity, which JSON.parse refuses; `_imp_strict_extras` refuses them in text DuckDB
 * accepts. The cheap `contains`/regex test runs first; the exact one (string literals blanked)
 * only on suspects. (CASE, not AND: in a select list DuckDB evaluates both sides of AND for every row.)
 */
export const STRICT_EXTRAS_MACRO = `CREATE OR REPLACE TEMP MACRO _imp_strict_extras(x) AS
  CASE WHEN contains(x, 'NaN') OR contains(x, 'Infinity') OR regexp_matches(x, ',[ \\t\\r\\n]*[\\]}]')
         THEN NOT regexp_matches(regexp_replace(x, '"(?:[^"\\\\]|\\\\.)*"', '""', 'g'), ',[ \\t\\r\\n]*[\\]}]|\\bNaN\\b|\\bInfinity\\b')
       ELSE true END`;
export const STRICT_JSON_MACRO = `CREATE OR REPLACE TEMP MACRO _imp_strict_json(x) AS
  CASE WHEN NOT json_valid(x) THEN false ELSE _imp_strict_extras(x) END`;

/** The kind of valid JSON text `x` from its first character `first` (no ltrim for text that starts with it: most does). */
const kindOf = (first: string) => `CASE ${first}
    WHEN '"' THEN 'string' WHEN '{' THEN 'object' WHEN '[' THEN 'array'
    WHEN 't' THEN 'boolean' WHEN 'f' THEN 'boolean' WHEN 'n' THEN 'null'
    ELSE CASE WHEN isinf(TRY_CAST(x AS DOUBLE)) THEN 'other' ELSE 'number' END
  END`;

/**
 * Value kinds the validator works with: 'string', 'number', 'boolean', 'null', 'object', 'array',
 * 'other' (a Parquet type JSON has no name for), 'invalid_json' (a JSON-text cell that does not
 * parse), and NULL for "absent". `_imp_json_kind` names the kind of a valid JSON text.
 */
export const JSON_KIND_MACRO = `CREATE OR REPLACE TEMP MACRO _imp_json_kind(x) AS
  CASE WHEN x[1] IN (' ', '\t', '\r', '\n') THEN ${kindOf("ltrim(x, ' \t\r\n')[1]")} ELSE ${kindOf('x[1]')} END`;

/** The text of a JSON value of known kind: a string unquoted, a number as JS writes it, objects/arrays as JSON. */
export const JSON_TEXT_MACRO = `CREATE OR REPLACE TEMP MACRO _imp_json_text(x, kind) AS
  CASE kind
    WHEN 'string' THEN CASE WHEN contains(x, '\\') THEN json_extract_string(x, '$') ELSE x[2:-2] END
    WHEN 'number' THEN _imp_js_number(x)
    WHEN 'object' THEN x
    WHEN 'array' THEN x
  END`;

/**
 * A CSV cell as a JSON value for a dotted column (`properties.amount`): integers and decimals
 * (at most 15 integer digits, no leading zeros, no exponent) become numbers, true/false (any case)
 * booleans, an empty cell is left out, anything else is a string.
 */
export const CSV_CELL_JSON_MACRO = `CREATE OR REPLACE TEMP MACRO _imp_csv_cell_json(v) AS
  CASE
    WHEN v IS NULL OR v = '' THEN NULL
    WHEN regexp_full_match(v, '-?(0|[1-9][0-9]{0,14})(\\.[0-9]+)?') THEN v
    WHEN lower(v) IN ('true', 'false') THEN lower(v)
    ELSE CAST(to_json(v) AS VARCHAR)
  END`;

/** A JSON-text cell minified by DuckDB (one parse), NULL when DuckDB cannot read it. */
export const minifiedJsonSql = (cell: string) => `CASE WHEN ${cell} IS NOT NULL THEN TRY(CAST(json(${cell}) AS VARCHAR)) END`;

/**
 * A JSON-text cell (a `properties` column) given its minified text (minifiedJsonSql): its kind,
 * 'invalid_unicode' when only an escaped unpaired surrogate (`\ud800`) keeps it from being JSON
 * that JSON.parse reads, or 'invalid_json'.
 */
export const jsonCellKindSql = (cell: string, minified: string) =>
  `CASE WHEN ${cell} IS NULL THEN NULL
        WHEN ${minified} IS NOT NULL THEN (CASE WHEN _imp_strict_extras(${cell}) THEN _imp_json_kind(${minified}) ELSE 'invalid_json' END)
        WHEN ${maySurrogateSql(cell)} AND coalesce(_imp_strict_json(nullif(_imp_mark_lone_surrogates(${cell}), ${cell})), false) THEN 'invalid_unicode'
        ELSE 'invalid_json' END`;
