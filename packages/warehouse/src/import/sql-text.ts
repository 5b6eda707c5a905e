/**
 * The one place file-derived names enter SQL text. Values are bound parameters everywhere; these
 * cover what DuckDB needs as constants: a column name as an identifier, or a name inside a table
 * function argument such as read_csv's `columns` struct.
 */
export function sqlString(s: string): string {
  if (s.includes('\u0000')) throw new Error('a name contains a NUL character');
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted identifier (DuckDB and ClickHouse both accept double quotes). */
export function sqlIdent(s: string): string {
  if (s.includes('\u0000')) throw new Error('a name contains a NUL character');
  return `"${s.replace(/"/g, '""')}"`;
}
