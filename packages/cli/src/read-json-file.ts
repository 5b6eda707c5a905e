import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type Io } from './context.js';

/** A JSON file named on the command line (relative to the working directory); a missing file or bad JSON is a UsageError naming it. */
export function readJsonFile(io: Io, path: string): unknown {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw new UsageError(`no file ${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
}
