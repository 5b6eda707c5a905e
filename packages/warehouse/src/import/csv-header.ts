import { ImportError } from './import-error.js';

export interface CsvHeader {
  delimiter: string;
  columns: string[];
}

const DELIMITERS = [',', '\t', ';', '|'];

/** Split one CSV line on a delimiter, honouring "quoted" cells and "" escapes; null if a quote is left open. */
function splitLine(line: string, delimiter: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (!quoted && ch === '"' && cell === '') {
      quoted = true;
    } else if (!quoted && ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}

/**
 * Read the header line of a CSV file: the delimiter is whichever of , TAB ; | splits it into the
 * most cells (ties: that order); names are trimmed and must be unique (DuckDB ignores case).
 */
export function parseCsvHeader(file: string, firstLine: string): CsvHeader {
  if (firstLine.trim() === '') throw new ImportError(`${file}: the first line is empty; a CSV file starts with a header row naming its columns`, file);
  let best: CsvHeader | null = null;
  for (const delimiter of DELIMITERS) {
    const cells = splitLine(firstLine, delimiter);
    if (!cells) throw new ImportError(`${file}: cannot read the header row: a quote is not closed (line 1)`, file);
    if (!best || cells.length > best.columns.length) best = { delimiter, columns: cells };
  }
  const columns = best!.columns.map((c) => c.trim());
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c === '') throw new ImportError(`${file}: column ${i + 1} of the header row has no name`, file);
    const prev = seen.get(c.toLowerCase());
    if (prev !== undefined) throw new ImportError(`${file}: the header names column "${columns[prev]}" twice (columns ${prev + 1} and ${i + 1}; names are compared ignoring case)`, file);
    seen.set(c.toLowerCase(), i);
  });
  return { delimiter: best!.delimiter, columns };
}
