import { kthFreeLineSql, rowPositionSql } from './line-map.sql.js';
import { loadPhysicalLines } from './physical-lines.sql.js';
import type { Step } from './reader.js';
import { sqlString } from './sql-text.js';

/**
 * Exact file line numbers for CSV rows. DuckDB keeps parsed rows in file order but does not say
 * on which line each started; its rejects table gives a *record* number (a quoted value that
 * spans lines counts once; blank lines count). So:
 *   - No record spans lines (rows + rejects + header + blank lines = physical lines): record
 *     numbers are line numbers; the k-th parsed row is on the k-th line from 2 that is neither
 *     blank nor rejected (one ASOF join; nothing at all when there are no gaps).
 *   - Otherwise the lines are read again and a small state machine (quoted or not at each line
 *     start, composed with window functions) finds where records start; parsed rows and rejects
 *     are matched to those starts. If the two readings disagree (quoting DuckDB repairs in its
 *     own way), record numbers are used and the report says line numbers may be approximate.
 */
export interface CsvLines {
  /** Join clause for the parsed rows `c` (with `c._rowid`), the SQL of a row's line and of its span in lines. */
  join: string;
  line: string;
  span: string;
  warning: string | null;
  physicalLinesLoaded: boolean;
}

const reEscape = (ch: string) => (ch === '\t' ? '\\t' : `\\${ch}`);

/** Regular expressions for the quote state across one line, given the delimiter. */
function quoteStatePatterns(delimiter: string) {
  const d = reEscape(delimiter);
  const body = '(?:[^"]|"")*';
  const field = `(?:"${body}"[^${d}]*|[^"${d}][^${d}]*|)`;
  return {
    // starting outside quotes, the line leaves a quoted value open
    opens: `^(?:${field}${d})*"${body}$`,
    // starting inside a quoted value, the line ends still inside it
    staysIn: `^${body}$`,
    reopens: `^${body}"[^${d}]*(?:${d}${field})*${d}"${body}$`,
  };
}

/** Line numbers for `_imp_csv` rows and `_imp_rejects`; leaves `_imp_rejects_at(pline, span, …)`. */
export async function mapCsvLines(
  step: Step,
  path: string,
  file: string,
  scan: { lines: number; blankLines: readonly number[] },
  delimiter: string,
): Promise<CsvLines> {
  const { rows, rejects } = await step(async (tx) => {
    await tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_rejects_at AS SELECT line AS pline, 1 AS span, * FROM _imp_rejects`);
    const [c] = await tx.query<{ rows: number; rejects: number }>(
      `SELECT (SELECT count(*) FROM _imp_csv) AS rows, (SELECT count(*) FROM _imp_rejects) AS rejects`,
    );
    return c!;
  });
  const blanks = scan.blankLines.length;
  if (rows + rejects + 1 + blanks === scan.lines) {
    if (blanks === 0 && rejects === 0) return { join: '', line: 'c._rowid + 2', span: '1', warning: null, physicalLinesLoaded: false };
    await recordNumberMap(step, scan.blankLines);
    return { join: 'JOIN _imp_rowline m ON m.k = c._rowid + 1', line: 'm.line', span: '1', warning: null, physicalLinesLoaded: false };
  }
  await loadPhysicalLines(step, path);
  const p = quoteStatePatterns(delimiter);
  const check = await step(async (tx) => {
  await tx.exec(`
    CREATE OR REPLACE TEMP TABLE _imp_csv_starts AS
    WITH f AS (
      SELECT line, (txt IS NULL OR txt = '' OR txt = chr(13)) AS blank,
        CASE WHEN txt IS NULL OR NOT contains(txt, '"') THEN 'out/in'
             ELSE (CASE WHEN regexp_full_match(txt, ${sqlString(p.opens)}) THEN 'in' ELSE 'out' END) || '/' ||
                  (CASE WHEN regexp_full_match(txt, ${sqlString(p.staysIn)}) OR regexp_full_match(txt, ${sqlString(p.reopens)}) THEN 'in' ELSE 'out' END)
        END AS fn
      FROM _imp_lines WHERE line >= 2
    ), w AS (
      SELECT *, sum(CASE WHEN fn = 'in/out' THEN 1 ELSE 0 END) OVER o AS swaps,
             max(CASE WHEN fn IN ('out/out', 'in/in') THEN line END) OVER o AS base_line
        FROM f WINDOW o AS (ORDER BY line ROWS UNBOUNDED PRECEDING)
    ), a AS (
      -- quote state after each line: the last constant transition, then the swaps since
      SELECT w.line, w.blank,
             (CASE WHEN b.fn = 'in/in' THEN 1 ELSE 0 END + w.swaps - coalesce(b.swaps, 0)) % 2 AS inside_after
        FROM w LEFT JOIN w b ON b.line = w.base_line
    ), s AS (
      SELECT line, blank, coalesce(lag(inside_after) OVER (ORDER BY line), 0) AS inside_before FROM a
    ), outside AS (
      SELECT line, blank, 1 + row_number() OVER (ORDER BY line) AS record_no,
             coalesce(lead(line) OVER (ORDER BY line), ${scan.lines + 1}) - line AS span
        FROM s WHERE inside_before = 0
    )
    SELECT line, record_no, span, record_no IN (SELECT line FROM _imp_rejects) AS rejected
      FROM outside WHERE NOT blank`);
  const [r] = await tx.query<{ starts: number; matched: number }>(
    `SELECT count(*) AS starts, count(*) FILTER (WHERE rejected) AS matched FROM _imp_csv_starts`,
  );
  return r!;
  });
  if (check.starts !== rows + rejects || check.matched !== rejects) {
    await recordNumberMap(step, scan.blankLines);
    return {
      join: 'JOIN _imp_rowline m ON m.k = c._rowid + 1',
      line: 'm.line',
      span: '1',
      warning: `${file}: quoted values span several lines and some quoting is malformed; line numbers are DuckDB's record numbers and may be off after the first such value`,
      physicalLinesLoaded: true,
    };
  }
  await step(async (tx) => {
    await tx.exec(`
      CREATE OR REPLACE TEMP TABLE _imp_rowline AS
      SELECT row_number() OVER (ORDER BY line) AS k, line, span FROM _imp_csv_starts WHERE NOT rejected`);
    await tx.exec(`
      CREATE OR REPLACE TEMP TABLE _imp_rejects_at AS
      SELECT s.line AS pline, s.span, r.* FROM _imp_rejects r JOIN _imp_csv_starts s ON s.record_no = r.line`);
  });
  return { join: 'JOIN _imp_rowline m ON m.k = c._rowid + 1', line: 'm.line', span: 'm.span', warning: null, physicalLinesLoaded: true };
}

/** `_imp_rowline(k, line)` when records are lines: skip blank and rejected lines. */
async function recordNumberMap(step: Step, blankLines: readonly number[]): Promise<void> {
  await step(async (tx) => {
    const pos = await rowPositionSql(tx, '_imp_csv');
    await tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_blank (e BIGINT)`);
    if (blankLines.length) await tx.append('temp._imp_blank', [{ name: 'e', kind: 'int' }], blankLines.map((b) => [b]));
    await tx.exec(`
      CREATE OR REPLACE TEMP TABLE _imp_rowline AS
      ${kthFreeLineSql(`SELECT ${pos} + 1 AS k FROM _imp_csv`, 'SELECT e FROM _imp_blank UNION ALL SELECT line AS e FROM _imp_rejects', 2)}`);
  });
}
