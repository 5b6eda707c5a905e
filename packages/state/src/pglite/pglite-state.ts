import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { StateSession, StateStore } from '../state-store.js';
import { lockDirectory } from './dir-lock.js';

/** The state is small; PGlite's default 128 MB of shared buffers only adds resident memory (≈ +115 MB measured). */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** Statements on PGlite (or one of its transactions) as a StateSession. */
export const pgliteSession = (db: Pick<PGlite, 'query'>): StateSession => ({
  async query<T extends object>(sql: string, params: readonly unknown[] = []) {
    return (await db.query<T>(sql, [...params])).rows;
  },
  async exec(sql: string, params: readonly unknown[] = []) {
    return (await db.query(sql, [...params])).affectedRows ?? 0;
  },
});

/**
 * Create the cluster in a sibling directory and rename it into place, so a start killed during
 * initdb leaves no half-made store behind (the leftover is removed at the next start).
 */
async function initDataDir(dir: string): Promise<void> {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const prefix = `${basename(dir)}.init-`;
  for (const name of readdirSync(parent)) if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true });
  const tmp = join(parent, `${prefix}${process.pid}`);
  await new Promise<void>((resolve, reject) => {
    const w = new Worker(new URL('./init-data-dir.worker.js', import.meta.url), { workerData: { dir: tmp } });
    w.once('error', reject);
    w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded state store in ${dir} failed (exit ${code})`))));
  });
  renameSync(tmp, dir);
}

/** The embedded store: PostgreSQL compiled to WebAssembly, in this process, its files in `dir`. */
export async function openPgliteState(dir: string): Promise<StateStore> {
  mkdirSync(dirname(dir), { recursive: true });
  const unlock = lockDirectory(`${dir}.lock`, `the embedded state store ${dir}`);
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await initDataDir(dir);
    const db = await PGlite.create(dir, { startParams: START_PARAMS });
    const outside = pgliteSession(db);
    return {
      kind: 'embedded',
      where: dir,
      query: outside.query,
      exec: outside.exec,
      // PGlite runs one statement at a time and queues the others behind an open transaction.
      transaction: (fn) => db.transaction((tx) => fn(pgliteSession(tx))),
      async close() {
        try {
          await db.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
