import { extname } from 'node:path';
import { ImportError } from './import-error.js';
import type { ImportFormat } from './import-options.js';

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
};

/** The format named by the user, else the one the file extension implies. */
export function detectFormat(path: string, format: ImportFormat | undefined): ImportFormat {
  if (format) return format;
  const found = BY_EXTENSION[extname(path).toLowerCase()];
  if (found) return found;
  throw new ImportError(
    `${path}: cannot tell the format from the extension "${extname(path)}"; ` +
      `use .csv, .jsonl/.ndjson/.json or .parquet, or pass --format csv|jsonl|parquet`,
    path,
  );
}
