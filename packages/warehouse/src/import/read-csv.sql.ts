import type { Params } from '../dialect/dialect.js';
import type { PlannedColumn } from './column-mapping.js';
import { cellOf, columnarFields } from './columnar-fields.sql.js';
import { mapCsvLines } from './csv-line-numbers.sql.js';
import type { CsvHeader } from './csv-header.js';
import { rowPositionSql } from './line-map.sql.js';
import { loadPhysicalLines } from './physical-lines.sql.js';
import type { FileReader, Step } from './reader.js';
import { sqlIdent, sqlString } from './sql-text.js';
import { fieldColumnsSql } from './validate.sql.js';

/**
 * CSV: DuckDB's parallel reader with every column as text (an empty cell is absent) and with
 * malformed rows kept in a rejects table instead of dropped; those become quarantine rows
 * (code invalid_csv, or event_too_large for a row over 2 MB) at their line. `path` is read for
 * rows, `linesPath` (the same lines, LF endings only) for line numbers and raw text, `file` named.
 */
export async function readCsv(
  step: Step,
  files: { path: string; linesPath: string; file: string; loneCr: boolean },
  header: CsvHeader,
  planned: readonly PlannedColumn[],
  scan: { lines: number; blankLines: readonly number[] },
  p: Params,
  nullMarkers: readonly string[] = [],
): Promise<FileReader> {
  const columns = header.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  // A lone CR was read as U+FFFF (see import-file.ts); every cell and raw text gets it back.
  const crBack = (sql: string) => (files.loneCr ? `replace(${sql}, chr(65535), chr(13))` : sql);
  const read = (path: string) =>
    step(async (tx) => {
      await tx.exec(`DROP TABLE IF EXISTS temp._imp_rej`);
      await tx.exec(`DROP TABLE IF EXISTS temp._imp_rejscan`);
      await tx.exec(
        `CREATE OR REPLACE TEMP TABLE _imp_csv AS
         SELECT * FROM read_csv($1, columns = {${columns}}, header = true, auto_detect = false,
           delim = ${sqlString(header.delimiter)}, quote = '"', escape = '"', strict_mode = true, null_padding = false,
           store_rejects = true, rejects_table = '_imp_rej', rejects_scan = '_imp_rejscan')`,
        [path],
      );
      // One row per rejected record (DuckDB may report several errors for one line).
      await tx.exec(`
        CREATE OR REPLACE TEMP TABLE _imp_rejects AS
        SELECT DISTINCT ON (line) CAST(line AS BIGINT) AS line, column_name, CAST(error_type AS VARCHAR) AS error_type, error_message, csv_line
          FROM _imp_rej ORDER BY line, column_idx`);
    });
  const warnings: string[] = [];
  try {
    await read(files.path);
  } catch (e) {
    // The copy that keeps CR LF inside quotes follows quotes by parity; where broken quoting makes
    // DuckDB see a row end there instead, its strict reader stops. The LF-only copy always reads.
    if (files.path === files.linesPath) throw e;
    await read(files.linesPath);
    warnings.push(
      `${files.file}: line endings are mixed and some quoting is broken, so CR LF inside quoted values was read as LF (the rows are otherwise read as usual)`,
    );
  }
  const { linesPath } = files;
  const lines = await mapCsvLines(step, linesPath, files.file, scan, header.delimiter);
  const pos = await step((tx) => rowPositionSql(tx, '_imp_csv', 'c'));
  const { fields, sources, prelude } = columnarFields(
    planned.map((pc) => ({ ...pc, cell: cellOf(pc, crBack(`c.${sqlIdent(pc.column)}`), p), type: 'VARCHAR' })),
    p,
    { inferText: true, nullMarkers },
  );
  const relation = `
  SELECT ${lines.line} AS _line, ${lines.line} AS _lineno, ${lines.span} AS _span,
    CAST(NULL AS VARCHAR) AS _pre_code, CAST(NULL AS VARCHAR) AS _pre_field, CAST(NULL AS VARCHAR) AS _pre_reason,
    CAST(NULL AS BIGINT) AS _size, CAST(NULL AS VARCHAR) AS _deep_field, CAST(NULL AS VARCHAR) AS _unicode_field, CAST(NULL AS VARCHAR) AS _raw,
    ${fieldColumnsSql(fields)}
  FROM (SELECT ${pos} AS _rowid, ${[...prelude, 'c.*'].join(', ')} FROM _imp_csv c) c ${lines.join}
  UNION ALL
  SELECT pline, pline, span,
    CASE WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN 'event_too_large' ELSE 'invalid_csv' END,
    column_name,
    CASE error_type
      WHEN 'TOO MANY COLUMNS' THEN 'the row has more cells than the header: ' || error_message
      WHEN 'MISSING COLUMNS' THEN 'the row has fewer cells than the header: ' || error_message
      WHEN 'UNQUOTED VALUE' THEN 'a quote is misplaced or not closed: ' || error_message
      WHEN 'INVALID ENCODING' THEN 'the row is not valid UTF-8'
      WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the row is longer than 2 MB'
      ELSE lower(error_type) || ': ' || error_message END,
    0, NULL, NULL, ${crBack('trim(csv_line, chr(13) || chr(10))')},
    ${fieldColumnsSql({})}
  FROM _imp_rejects_at`;
  const fillRaw = async (s: Step) => {
    if (!lines.physicalLinesLoaded) await loadPhysicalLines(s, linesPath);
    await s((tx) =>
      tx.exec(`
        UPDATE _imp_bad SET raw = r.txt
          FROM (SELECT q.seq, ${crBack(`rtrim(string_agg(coalesce(l.txt, ''), chr(10) ORDER BY l.line), chr(13) || chr(10))`)} AS txt
                  FROM _imp_bad q JOIN _imp_lines l ON l.line >= q._lineno AND l.line < q._lineno + q._span
                 WHERE q.raw IS NULL
                 GROUP BY q.seq) r
         WHERE _imp_bad.seq = r.seq`),
    );
  };
  return { relation, sources, recordLabel: 'line', fillRaw, warnings: [...warnings, ...(lines.warning ? [lines.warning] : [])] };
}
