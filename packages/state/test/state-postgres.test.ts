import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateStore } from '../src/open-state-store.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import { stateSuite } from './state-suite.js';
import { insightsSuite } from './insights-suite.js';
import { segmentsSuite } from './segments-suite.js';
import { computedTraitsSuite } from './computed-traits-suite.js';
import { apiKeysSuite } from './api-keys-suite.js';
import { openPostgresState } from '../src/postgres/postgres-state.js';
import { auditSuite } from './audit-suite.js';
import { serviceTasksSuite } from './service-tasks-suite.js';
import { STATE_MIGRATIONS } from '../src/migrations/migrations.js';

let pg: TestPostgres;
before(async () => (pg = await startPostgres()));
after(async () => pg?.stop());

stateSuite('PostgreSQL server', async () => {
  const url = await pg.createDatabase();
  const { state } = await openStateStore({ setting: url, dataDir: '/nonexistent' });
  return { state, openAgain: async () => (await openStateStore({ setting: url, dataDir: '/nonexistent' })).state };
});

insightsSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state);
segmentsSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state);
computedTraitsSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state);
apiKeysSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state, async () => openPostgresState(await pg.createDatabase()));
auditSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state);
serviceTasksSuite('PostgreSQL server', async () => (await openStateStore({ setting: await pg.createDatabase(), dataDir: '/nonexistent' })).state);

test('PostgreSQL: four processes migrating one new database at once apply each step once (advisory lock)', async () => {
  const url = await pg.createDatabase();
  const opened = await Promise.all(Array.from({ length: 4 }, () => openStateStore({ setting: url, dataDir: '/nonexistent' })));
  try {
    assert.deepEqual(opened.map((o) => o.migrations.applied.length).sort(), [0, 0, 0, STATE_MIGRATIONS.length]);
    const rows = await opened[0]!.state.query<{ n: number }>('SELECT count(*)::int AS n FROM state_migrations');
    assert.equal(rows[0]!.n, STATE_MIGRATIONS.length);
  } finally {
    await Promise.all(opened.map((o) => o.state.close()));
  }
});

test('PostgreSQL: an unreachable server is an error naming it, without the password', async () => {
  await assert.rejects(openStateStore({ setting: 'postgres://u:secret@127.0.0.1:1/x', dataDir: '/x' }), (e: Error) => {
    assert.match(e.message, /cannot reach the state store at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/);
    assert.doesNotMatch(e.message, /secret/);
    return true;
  });
});
