import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportProgress } from '@trailmap/warehouse';
import { main } from '../src/main.js';
import { progressLine, progressText, type ProgressSink } from '../src/output/progress-line.js';

const at = (p: Partial<ImportProgress>): ImportProgress => ({
  phase: 'scan', step: 1, steps: 4, fraction: 0, bytes: 78_000_000, bytesDone: 0, rows: null, elapsedMs: 0, phaseMs: 0, ...p,
});

test('progress text: step, bar, MB done and MB/s while reading; rows and rows/s while committing (hand-checked)', () => {
  assert.equal(
    progressText('events.csv', at({ phase: 'scan', fraction: 0.5, bytesDone: 39_000_000, elapsedMs: 500, phaseMs: 500 })),
    'events.csv: 1/4 scanning  [##########----------]  50%  39.0 of 78.0 MB  78.0 MB/s  0:00',
  );
  assert.equal(
    progressText('events.csv', at({ phase: 'check', step: 3, fraction: 0.25, bytesDone: 19_500_000, elapsedMs: 2500, phaseMs: 1000 })),
    'events.csv: 3/4 checking  [#####---------------]  25%  19.5 of 78.0 MB  19.5 MB/s  0:02',
  );
  assert.equal(
    progressText('events.csv', at({ phase: 'commit', step: 4, fraction: 0.999, bytesDone: null, rows: 1_000_000, elapsedMs: 64_000, phaseMs: 900 })),
    'events.csv: 4/4 committing  [####################]  99%  1,000,000 rows  15,625 rows/s so far  1:04',
  );
  assert.equal(progressText('x.parquet', at({ phase: 'commit', step: 3, steps: 3, fraction: null, bytesDone: null, rows: null, elapsedMs: 1200 })), 'x.parquet: 3/3 committing  0:01');
});

test('progress line: nothing before the delay, at most one frame per 100 ms, rewritten in place, cleared at the end, cut to the width', () => {
  let t = 0;
  const writes: string[] = [];
  const sink: ProgressSink = { write: (s) => writes.push(s), columns: 40 };
  const line = progressLine(sink, 'events.csv', () => t);
  line.update(at({ fraction: 0.1 }));
  t = 999;
  line.update(at({ fraction: 0.2 }));
  assert.equal(writes.length, 0, 'an import under a second draws nothing');
  t = 1000;
  line.update(at({ fraction: 0.3, bytesDone: 1e6, phaseMs: 1000, elapsedMs: 1000 }));
  t = 1050;
  line.update(at({ fraction: 0.35 }));
  t = 1100;
  line.update(at({ phase: 'commit', step: 4, fraction: 0.5, rows: 10, bytesDone: null, elapsedMs: 1100 }));
  assert.equal(writes.length, 2, 'the frame 50 ms after the last is skipped');
  assert.ok(writes.every((w) => w.startsWith('\r') && w.length <= 40), JSON.stringify(writes));
  assert.equal(writes[0], '\revents.csv: 1/4 scanning  [######-----…', 'cut to 39 characters with an ellipsis');
  line.finish();
  assert.equal(writes.at(-1), `\r${' '.repeat(writes[1]!.length - 1)}\r`);
  line.finish();
  assert.equal(writes.length, 3, 'cleared once');
});

test('trailmap ingest draws progress on the terminal it is given, and the report on stdout is unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-progress-'));
  try {
    const csv = join(dir, 'events.csv');
    writeFileSync(csv, ['type,event,userId,messageId,timestamp', ...Array.from({ length: 2000 }, (_, i) => `track,Viewed,u${i % 50},m${i},2024-05-01T10:00:00.000Z`)].join('\n') + '\n');
    const out: string[] = [];
    const err: string[] = [];
    const frames: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: { TRAILMAP_WAREHOUSE: process.env.TRAILMAP_WAREHOUSE }, cwd: dir, progress: { write: (s: string) => frames.push(s), columns: 120, delayMs: 0 } };
    const code = await main(['ingest', csv, '--data', join(dir, 'data'), '--json'], io);
    assert.equal(code, 0, err.join('\n'));
    assert.deepEqual(JSON.parse(out.join('')), { accepted: 2000, quarantined: 0, duplicates: 0 });
    assert.ok(frames.length >= 2, JSON.stringify(frames));
    assert.match(frames[0]!, /^\revents\.csv: 1\/4 scanning/);
    assert.match(frames.at(-1)!, /^\r +\r$/, 'the line is cleared before the command returns');
    assert.deepEqual(err, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
