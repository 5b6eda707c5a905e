import { kthFreeLineSql, rowPositionSql } from './line-map.sql.js';
import type { Step } from './reader.js';

/**
 * View `_imp_lines(line, txt, pre_code, pre_reason)`: every physical line of a text file with its
 * exact number, read in parallel by DuckDB as a one-column CSV without quoting (a blank line is a
 * NULL row, so numbering is exact). Lines DuckDB cannot take (a raw U+0001, bad UTF-8, over 2 MB)
 * come from its rejects table with their line number and a problem code.
 */
export async function loadPhysicalLines(step: Step, path: string): Promise<void> {
  await step(async (tx) => {
    await tx.exec(`DROP TABLE IF EXISTS temp._imp_pl_rej`);
    await tx.exec(`DROP TABLE IF EXISTS temp._imp_pl_rejscan`);
    await tx.exec(
      `CREATE OR REPLACE TEMP TABLE _imp_pl AS
       SELECT txt FROM read_csv($1, columns = {'txt': 'VARCHAR'}, header = false, auto_detect = false,
         delim = chr(1), quote = '', escape = '', store_rejects = true,
         rejects_table = '_imp_pl_rej', rejects_scan = '_imp_pl_rejscan')`,
      [path],
    );
  });
  await step(async (tx) => {
    const pos = await rowPositionSql(tx, '_imp_pl');
    const [r] = await tx.query<{ n: number }>(`SELECT count(DISTINCT line) AS n FROM _imp_pl_rej`);
    const free = `SELECT ${pos} + 1 AS line, txt, CAST(NULL AS VARCHAR) AS pre_code, CAST(NULL AS VARCHAR) AS pre_reason FROM _imp_pl`;
    if ((r?.n ?? 0) === 0) {
      // No rejected line: positions are line numbers, and a view avoids copying the lines.
      await tx.exec(`CREATE OR REPLACE TEMP VIEW _imp_lines AS ${free}`);
      return;
    }
    await tx.exec(`
      CREATE OR REPLACE TEMP TABLE _imp_lines_t AS
      SELECT m.line, p.txt, CAST(NULL AS VARCHAR) AS pre_code, CAST(NULL AS VARCHAR) AS pre_reason
        FROM (SELECT ${pos} + 1 AS k, txt FROM _imp_pl) p
        JOIN (${kthFreeLineSql(`SELECT ${pos} + 1 AS k FROM _imp_pl`, 'SELECT line AS e FROM _imp_pl_rej', 1)}) m ON m.k = p.k
      UNION ALL
      SELECT line, rtrim(csv_line, chr(13) || chr(10)),
             CASE WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN 'event_too_large' ELSE 'invalid_json' END,
             CASE error_type
               WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the line is longer than 2 MB'
               WHEN 'INVALID ENCODING' THEN 'the line is not valid UTF-8'
               ELSE 'the line contains a control character (U+0001) outside a JSON string' END
        FROM (SELECT DISTINCT ON (line) line, csv_line, error_type FROM _imp_pl_rej ORDER BY line)`);
    await tx.exec(`CREATE OR REPLACE TEMP VIEW _imp_lines AS SELECT * FROM _imp_lines_t`);
  });
}
