import type { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';
import type { PlannedColumn } from './column-mapping.js';
import { cellOf, columnarFields } from './columnar-fields.sql.js';
import { ImportError } from './import-error.js';
import type { FileReader, Step } from './reader.js';
import { sqlIdent, sqlString } from './sql-text.js';
import { fieldColumnsSql } from './validate.sql.js';

export interface ParquetSchema {
  columns: Array<{ name: string; type: string }>;
}

/** Column names and DuckDB types of a Parquet file; an ImportError when DuckDB cannot read it. */
export async function describeParquet(db: SqlSession, path: string): Promise<ParquetSchema> {
  try {
    const rows = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet($1)`, [path]);
    return { columns: rows.map((r) => ({ name: r.column_name, type: r.column_type })) };
  } catch (e) {
    throw new ImportError(`${path}: cannot read it as Parquet (${(e as Error).message.split('\n')[0]})`, path);
  }
}

/**
 * Parquet: columns keep their types, so an INTEGER userId is a number (stored as its digits), a
 * TIMESTAMP is an ISO string in UTC, a STRUCT or MAP in properties/traits/context is a JSON
 * object. A NULL cell is absent. `_line` is the row number (from 1); there are no line numbers.
 */
export function readParquet(path: string, schema: ParquetSchema, planned: readonly PlannedColumn[], p: Params, nullMarkers: readonly string[] = []): FileReader {
  const typeOf = new Map(schema.columns.map((c) => [c.name, c.type]));
  const { fields, sources, prelude } = columnarFields(
    planned.map((pc) => ({ ...pc, cell: cellOf(pc, `r.${sqlIdent(pc.column)}`, p), type: pc.constant !== undefined ? 'VARCHAR' : typeOf.get(pc.column)! })),
    p,
    { inferText: false, nullMarkers },
  );
  const relation = `
  SELECT file_row_number + 1 AS _line, CAST(NULL AS BIGINT) AS _lineno, 1 AS _span,
    CAST(NULL AS VARCHAR) AS _pre_code, CAST(NULL AS VARCHAR) AS _pre_field, CAST(NULL AS VARCHAR) AS _pre_reason,
    CAST(NULL AS BIGINT) AS _size, CAST(NULL AS VARCHAR) AS _deep_field, CAST(NULL AS VARCHAR) AS _unicode_field, CAST(NULL AS VARCHAR) AS _raw,
    ${fieldColumnsSql(fields)}
  FROM (SELECT ${[...prelude, 'r.*'].join(', ')} FROM read_parquet(${p.add(path)}, file_row_number = true) r) r`;
  const columns = schema.columns.map((c) => `${sqlString(c.name)}: r.${sqlIdent(c.name)}`).join(', ');
  const fillRaw = async (step: Step) => {
    await step((tx) =>
      tx.exec(`
        UPDATE _imp_bad SET raw = j.txt
          FROM (SELECT file_row_number + 1 AS seq, CAST(to_json({${columns}}) AS VARCHAR) AS txt
                  FROM read_parquet($1, file_row_number = true) r
                 WHERE file_row_number + 1 IN (SELECT seq FROM _imp_bad)) j
         WHERE _imp_bad.seq = j.seq`, [path]),
    );
  };
  return { relation, sources, recordLabel: 'row', fillRaw };
}
