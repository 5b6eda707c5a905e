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

test('trailmap ingest --set/--null: an order-lines export with NA ids imports; a bad --set is a usage error (exit 2) naming the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-'));
  try {
    const csv = join(dir, 'orders.csv');
    writeFileSync(csv, ['order_id,customer_id,created_at', '1,C-1,2024-05-01T10:00:00Z', '2,NA,2024-05-01T11:00:00Z', '3,C-2,2024-05-01T12:00:00Z'].join('\n') + '\n');
    const args = ['ingest', csv, '--data', dir, '--map', 'order_id=properties.order_id,customer_id=userId,created_at=timestamp', '--type', 'track'];
    const r = run([...args, '--set', 'event=Order Line, EU', '--null', 'NA', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { accepted: 2, quarantined: 1, duplicates: 0 });
    assert.equal(r.err, '', 'stderr is not a terminal: no progress line');
    const p = run(['profile', 'C-1', '--data', dir, '--json']);
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /Order Line, EU/);
    const unknown = run([...args, '--set', 'evnt=x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--set "evnt" is not a field/);
    const badTime = run([...args, '--set', 'timestamp=last tuesday']);
    assert.equal(badTime.code, 2);
    assert.match(badTime.err, /--set timestamp="last tuesday": timestamp: expected an ISO-8601/);
    const syntax = run([...args, '--set', 'event']);
    assert.equal(syntax.code, 2);
    assert.match(syntax.err, /--set expects field=value/);
    const collide = run(['ingest', csv, '--data', dir, '--map', 'order_id=properties.order_id,customer_id=userId,created_at=timestamp', '--type', 'track', '--set', 'userId=x']);
    assert.equal(collide.code, 1, 'a constant for a field a column fills is a problem of this file: exit 1');
    assert.match(collide.err, /column "customer_id" and --set userId both fill userId/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
