import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// trailmap tasks on a data directory: events imported, a scan makes their tasks (once), list
// filters them, close records the resolution and the "Service Task Closed" event.
const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-tasks-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--data', dir], { encoding: 'utf8', env: { ...process.env, TRAILMAP_STATE: 'embedded' }, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

before(() => {
  const events = [
    { type: 'track', messageId: 'cli-fb', userId: 'cli-ana', event: 'Feedback Submitted', timestamp: hoursAgo(2), properties: { text: '客服态度很差，非常失望', touchpoint: 'Support Call' } },
    { type: 'track', messageId: 'cli-pay', userId: 'cli-bo', event: 'Payment Failed', timestamp: hoursAgo(3), properties: { order_id: 'o-cli' } },
  ];
  const f = join(dir, 'events.jsonl');
  writeFileSync(f, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const r = run(['ingest', f]);
  assert.equal(r.code, 0, r.err);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('trailmap tasks scan | list | close: one task per signal, filters, the close recorded as an event; errors name the flag', () => {
  const scan = run(['tasks', 'scan', '--json']);
  assert.equal(scan.code, 0, scan.err);
  assert.deepEqual(JSON.parse(scan.out).bySource, { negative_sentiment: { proposed: 1, created: 1 }, failed_payment: { proposed: 1, created: 1 } });
  assert.equal(JSON.parse(run(['tasks', 'scan', '--json']).out).created, 0, 'a second scan makes none');

  const list = run(['tasks', 'list']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /failed_payment.*Payment failed for order o-cli.*billing/);
  assert.match(list.out, /2 of 2/);
  const payment = JSON.parse(run(['tasks', 'list', '--source', 'failed_payment', '--json']).out).tasks[0];
  assert.equal(payment.priority, 'high');
  assert.equal(run(['tasks', 'list', '--priority', 'huge']).code, 2);
  assert.match(run(['tasks', 'list', '--priority', 'huge']).err, /--priority/);
  assert.match(run(['tasks', 'close', payment.id]).err, /--resolution/);

  const closed = run(['tasks', 'close', payment.id, '--resolution', 'Card updated by phone']);
  assert.equal(closed.code, 0, closed.err);
  assert.match(closed.out, /closed st_.*Service Task Closed/);
  assert.match(run(['tasks', 'close', payment.id, '--resolution', 'again']).out, /already closed \(Card updated by phone\)/);
  assert.equal(run(['tasks', 'close', 'st_nope', '--resolution', 'x']).code, 1);
  assert.deepEqual(JSON.parse(run(['tasks', 'list', '--status', 'closed', '--json']).out).tasks.map((t: { id: string }) => t.id), [payment.id]);
  const profile = run(['profile', 'cli-bo', '--json']);
  assert.equal(profile.code, 0, profile.err);
  assert.ok(JSON.parse(profile.out).timeline.some((e: { event: string; channel: string }) => e.event === 'Service Task Closed' && e.channel === 'support'), profile.out.slice(0, 2000));
});
