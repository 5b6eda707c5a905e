import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore } from '../src/open-state-store.js';
import { readStateSetting, writeStateSetting } from '../src/repos/settings.repo.js';
import { openEmbeddedTestState } from './support/embedded.js';
import { stateSuite } from './state-suite.js';
import { insightsSuite } from './insights-suite.js';
import { segmentsSuite } from './segments-suite.js';
import { computedTraitsSuite } from './computed-traits-suite.js';
import { apiKeysSuite } from './api-keys-suite.js';
import { openPgliteState } from '../src/pglite/pglite-state.js';
import { seedEmbeddedState } from './support/embedded.js';
import { auditSuite } from './audit-suite.js';
import { serviceTasksSuite } from './service-tasks-suite.js';
import { STATE_MIGRATIONS } from '../src/migrations/migrations.js';

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'trailmap-state-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

stateSuite('embedded (PGlite)', async () => ({ state: (await openEmbeddedTestState(newDir())).state }));
insightsSuite('embedded (PGlite)', async () => (await openEmbeddedTestState(newDir())).state);
segmentsSuite('embedded (PGlite)', async () => (await openEmbeddedTestState(newDir())).state);
computedTraitsSuite('embedded (PGlite)', async () => (await openEmbeddedTestState(newDir())).state);
apiKeysSuite('embedded (PGlite)', async () => (await openEmbeddedTestState(newDir())).state, async () => {
  const dir = newDir();
  await seedEmbeddedState(dir);
  return openPgliteState(join(dir, 'state'));
});
auditSuite('embedded (PGlite)', async () => (await openEmbeddedTestState(newDir())).state);
serviceTasksSuite('embedded (PGlite)', async () => (await openEmbeddedTestState(newDir())).state);

test('embedded: a new data directory gets its store by itself (initdb), and it keeps what was written across a restart', async () => {
  const dir = newDir();
  const first = await openStateStore({ setting: 'embedded', dataDir: dir });
  assert.deepEqual(first.migrations.applied, STATE_MIGRATIONS.map((m) => m.version));
  assert.equal(first.state.where, join(dir, 'state'));
  await writeStateSetting(first.state, 'kept', 'yes');
  await first.state.close();
  const again = await openStateStore({ setting: 'embedded', dataDir: dir });
  try {
    assert.deepEqual(again.migrations.applied, []);
    assert.equal(await readStateSetting(again.state, 'kept'), 'yes');
  } finally {
    await again.state.close();
  }
});

test('embedded: a second process on one directory is refused (PGlite would corrupt it); a dead owner\'s lock is taken over', async () => {
  const dir = newDir();
  const { state } = await openEmbeddedTestState(dir);
  try {
    await assert.rejects(openStateStore({ setting: 'embedded', dataDir: dir }), /is open in (this|another) process.* \(pid \d+.*TRAILMAP_STATE=postgres/s);
  } finally {
    await state.close();
  }
  // A lock left by a process that no longer runs (kill -9) does not block the next start.
  writeFileSync(join(dir, 'state.lock'), '2147483646');
  const reopened = await openStateStore({ setting: 'embedded', dataDir: dir });
  await reopened.state.close();
});
