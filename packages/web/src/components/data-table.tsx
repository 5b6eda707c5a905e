import type { Key, ReactNode } from 'react';
import { CsvTable } from './csv-download.js';

/** One column of a DataTable: its header and how a row fills its cell. */
export interface Column<R> {
  key: string;
  header: ReactNode;
  cell(row: R): ReactNode;
  /** Right-aligned figures. */
  num?: boolean;
}

/**
 * A table driven by its columns, inside a CsvTable (Download CSV): the first column heads each
 * row (`th scope="row"`). One place for the shape the saved insights' tables share.
 */
export function DataTable<R>({ name, rows, columns, rowKey, testId }: { name: string; rows: readonly R[]; columns: ReadonlyArray<Column<R>>; rowKey(row: R): Key; testId?: string }) {
  const [head, ...rest] = columns;
  return (
    <CsvTable name={name}>
      <table className="breakdown" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" {...(c.num ? { className: 'num' } : {})}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {head && <th scope="row">{head.cell(r)}</th>}
              {rest.map((c) => (
                <td key={c.key} {...(c.num ? { className: 'num' } : {})}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </CsvTable>
  );
}
