import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { importFile, type ImportProgress } from '../src/index.js';
import { fixtureDb, withStore } from './fixtures/import-helpers.js';

const rows = (n: number) => ['type,event,userId,messageId,timestamp', ...Array.from({ length: n }, (_, i) => `track,Viewed,u${i % 97},m${i},2024-05-01T10:00:00.000Z`)].join('\n') + '\n';

test('import progress: the phases in order with their step numbers, the scan byte-exact, fractions in [0, 1], the rows known when committing', async () => {
  await withStore(async (store, file, dir) => {
    const path = file('events.csv', rows(50_000));
    const seen: ImportProgress[] = [];
    const r = await importFile(store, { path, onProgress: (p) => seen.push(p) });
    assert.equal(r.accepted, 50_000);
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    assert.deepEqual(phases, ['scan', 'read', 'check', 'commit']);
    assert.ok(seen.every((p) => p.steps === 4 && p.step === ['scan', 'read', 'check', 'commit'].indexOf(p.phase) + 1));
    const bytes = statSync(path).size;
    assert.ok(seen.every((p) => p.bytes === bytes));
    const scans = seen.filter((p) => p.phase === 'scan');
    assert.equal(scans.at(-1)!.bytesDone, bytes, 'the scan ends at the last byte');
    assert.equal(scans.at(-1)!.fraction, 1);
    assert.ok(seen.every((p) => p.fraction === null || (p.fraction >= 0 && p.fraction <= 1)));
    assert.ok(seen.filter((p) => p.phase === 'commit').every((p) => p.rows === 50_000 && p.bytesDone === null));
    assert.ok(seen.every((p, i) => i === 0 || p.elapsedMs >= seen[i - 1]!.elapsedMs), 'time only moves forward');

    // Parquet has no read step; without a listener nothing is polled.
    const pq = `${dir}/events.parquet`;
    await (await fixtureDb()).exec(`COPY (SELECT * FROM read_csv('${path}', all_varchar = true)) TO '${pq}' (FORMAT parquet)`);
    const pqSeen: ImportProgress[] = [];
    await importFile(store, { path: pq, onProgress: (p) => pqSeen.push(p) });
    assert.deepEqual([...new Set(pqSeen.map((p) => `${p.step}/${p.steps} ${p.phase}`))], ['1/3 scan', '2/3 check', '3/3 commit']);
  });
});
