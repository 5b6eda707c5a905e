/** Render rows as an aligned text table; numbers right-aligned with thousands separators. */
export function renderTable<T extends object>(rows: readonly T[], columns: ReadonlyArray<[key: string, title: string]>): string {
  const cell = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : v === null || v === undefined ? '' : String(v));
  const get = (r: T, k: string) => (r as Record<string, unknown>)[k];
  const numeric = columns.map(([k]) => rows.length > 0 && rows.every((r) => typeof get(r, k) === 'number'));
  const body = rows.map((r) => columns.map(([k]) => cell(get(r, k))));
  const widths = columns.map(([, t], i) => Math.max(t.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map(([, t]) => t)), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
