import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore } from '../src/testing/test-store.js';

// A query that fails part-way must leave nothing behind for the next one on the same connection
// (chdb once handed the failed query's result header to the next query as rows).
const dir = mkdtempSync(join(tmpdir(), 'trailmap-failed-query-'));
let store: Awaited<ReturnType<typeof openTestStore>>;
before(async () => (store = await openTestStore(dir)));
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('after a query fails once its output has begun, the next query answers its own rows only', async () => {
  const db = await store.readSession();
  const failing =
    db.dialect.name === 'clickhouse'
      ? `SELECT CAST(sum(CASE WHEN number > 5 THEN toFloat64OrNull('x') END) AS DOUBLE) AS v FROM numbers(3)`
      : `SELECT CAST(x AS INTEGER) AS v FROM (VALUES ('1'), ('x')) AS t(x)`;
  for (let round = 0; round < 3; round++) {
    await assert.rejects(db.query(failing));
    const rows = await db.query<{ n: unknown }>(`SELECT 7 AS n UNION ALL SELECT 8 AS n ORDER BY n`);
    assert.deepEqual(rows.map((r) => Number(r.n)), [7, 8], `round ${round}: only the second query's rows`);
  }
});
