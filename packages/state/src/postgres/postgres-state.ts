import pg from 'pg';
import type { StateSession, StateStore } from '../state-store.js';
import { redactStateUrl } from '../state-location.js';

const INT8 = 20;
/** Counts and revisions come back as numbers, as on the embedded store (pg's default is a string). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

const session = (c: pg.Pool | pg.PoolClient): StateSession => ({
  async query<T extends object>(sql: string, params: readonly unknown[] = []) {
    return (await c.query<T>(sql, [...params])).rows;
  },
  async exec(sql: string, params: readonly unknown[] = []) {
    return (await c.query(sql, [...params])).rowCount ?? 0;
  },
});

/** A PostgreSQL server through `pg`: a small pool, so several server and worker processes can share it. */
export async function openPostgresState(url: string, opts: { max?: number } = {}): Promise<StateStore> {
  const where = redactStateUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 8, types, application_name: 'trailmap' });
  // An idle client's error (server restarted) would otherwise crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot reach the state store at ${where}: ${(e as Error).message}`);
  }
  const outside = session(pool);
  return {
    kind: 'postgres',
    where,
    query: outside.query,
    exec: outside.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(session(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        // A connection that could not even roll back is dropped, not reused.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
