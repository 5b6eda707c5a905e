import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('trailmap ingest: a year-9999 row, a skew to year 12025 and 2024-02-30 are quarantined rows; the command succeeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-'));
  try {
    const csv = join(dir, 'times.csv');
    writeFileSync(csv, [
      'type,event,userId,timestamp,originalTimestamp,sentAt',
      'track,ok,u1,2024-05-01T10:00:00Z,,',
      'track,far,u2,9999-12-31T23:59:59-14:00,,',
      'track,skew,u3,,9999-01-01T00:00:00Z,0000-01-01T00:00:00Z',
      'track,calendar,u4,2024-02-30T10:00:00Z,,',
      'track,ok2,u5,2024-05-02T10:00:00Z,,',
    ].join('\n') + '\n');
    const r = run(['ingest', csv, '--data', dir, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { accepted: 2, quarantined: 3, duplicates: 0 });
    const text = run(['ingest', csv, '--data', dir]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /line 3: timestamp: "9999-12-31T23:59:59-14:00" is outside the supported range from 1900-01-01 to 2199-12-31/);
    assert.match(text.out, /line 4: originalTimestamp: .* is outside the supported range/);
    assert.match(text.out, /line 5: timestamp: expected an ISO-8601 date string .*real calendar day/);
    const jsonl = join(dir, 'messages.jsonl');
    writeFileSync(jsonl, [
      '{"type":"identify","userId":12345678901234567890,"timestamp":"2024-05-01T10:00:00Z"}',
      '{"type":"track","event":"e","userId":"u","timestamp":"9999-12-31T23:59:59-14:00"}',
      '{"type":"track","event":"e\\ud800","userId":"u","timestamp":"2024-05-01T10:00:00Z"}',
    ].join('\n'));
    const j = run(['ingest', jsonl, '--data', dir, '--json']);
    assert.equal(j.code, 0, j.err);
    assert.deepEqual(JSON.parse(j.out), { accepted: 1, quarantined: 2, duplicates: 0 });
    const p = run(['profile', '12345678901234567890', '--data', dir]);
    assert.equal(p.code, 0, `the 20-digit id is found as sent: ${p.err}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
