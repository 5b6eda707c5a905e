/**
 * A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with
 * = + - @, a tab or a CR. Numbers, and text that is a plain number ("-3.5"), are not formulas.
 */
export function isFormulaText(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);
}

/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled; rows end with
 * CRLF. Null and undefined are empty fields. A text cell that a spreadsheet would run as a
 * formula (see isFormulaText) is written with a leading apostrophe, as OWASP advises, so opening
 * an export never runs what a visitor typed; every other value is written as it is.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  const field = (v: string | number | boolean | null | undefined) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (typeof v === 'string' && isFormulaText(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}

/** Parse RFC 4180 CSV (as toCsv writes it) back into rows: for tests and round trips. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cur), (cur = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cur), rows.push(row), (row = []), (cur = '');
    } else cur += c;
  }
  if (cur !== '' || row.length) row.push(cur), rows.push(row);
  return rows;
}
