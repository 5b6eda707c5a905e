import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openPgliteState } from '../../src/pglite/pglite-state.js';
import { openStateStore, type OpenedState } from '../../src/open-state-store.js';

const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const pgliteVersion = (JSON.parse(readFileSync(join(dirname(pgliteEntry), '..', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * A freshly initialised PGlite cluster, made once per machine and PGlite version, copied into a
 * test's data directory: initdb takes ~3 s, a copy ~0.1 s. Migrations still run on every copy.
 */
async function ensureTemplate(): Promise<string> {
  const dir = join(tmpdir(), `trailmap-pglite-template-${pgliteVersion}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const tmp = `${dir}.make-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const made = await openPgliteState(tmp);
  await made.close();
  try {
    renameSync(tmp, dir);
  } catch {
    // Another test process made it first.
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(`${tmp}.lock`, { force: true });
  return dir;
}

/** Put a new (unmigrated) embedded cluster at `<dataDir>/state`, where `openStateStore` looks. */
export async function seedEmbeddedState(dataDir: string): Promise<void> {
  const target = join(dataDir, 'state');
  if (existsSync(join(target, 'PG_VERSION'))) return;
  mkdirSync(dataDir, { recursive: true });
  cpSync(await ensureTemplate(), target, { recursive: true });
}

/** The embedded state store of `dataDir`, opened and migrated as `trailmap start` does (from the template). */
export async function openEmbeddedTestState(dataDir: string): Promise<OpenedState> {
  await seedEmbeddedState(dataDir);
  return openStateStore({ setting: 'embedded', dataDir });
}
