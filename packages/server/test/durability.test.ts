import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basic } from './support/test-server.js';
import { openTestStore } from '@trailmap/warehouse/testing';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));

/** Start `trailmap start` as a child process and wait for its URL. */
function startChild(dataDir: string, writeKey: string) {
  const child = spawn(process.execPath, [bin, 'start', '--no-demo', '--data', dataDir], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TRAILMAP_WRITE_KEY: writeKey, TRAILMAP_READ_KEY: 'tm_read_durability_1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`server did not start in 30 s: ${out}`)), 30_000);
  });
  return { child, url };
}

test('a batch answered 200 survives kill -9 of the server right after the response', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-kill-'));
  const writeKey = 'tm_write_durability_1';
  try {
    const { child, url } = startChild(dir, writeKey);
    const base = await url;
    const acknowledged: string[] = [];
    // Several batches; after the last 200 the process is killed with SIGKILL before anything else runs.
    for (let b = 0; b < 5; b++) {
      const batch = Array.from({ length: 200 }, (_, i) => ({ type: 'track', event: 'Durable', userId: `d${i % 17}`, messageId: `dur-${b}-${i}` }));
      const res = await fetch(`${base}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(writeKey) },
        body: JSON.stringify({ batch }),
      });
      if (b === 4) child.kill('SIGKILL');
      assert.equal(res.status, 200);
      acknowledged.push(...batch.map((m) => m.messageId));
    }
    await new Promise((r) => child.once('exit', r));
    assert.equal(child.signalCode, 'SIGKILL');

    const store = await openTestStore(dir);
    try {
      const rows = await store.db.query<{ message_id: string }>(`SELECT message_id FROM events WHERE event = 'Durable'`);
      const stored = new Set(rows.map((r) => r.message_id));
      const missing = acknowledged.filter((m) => !stored.has(m));
      assert.deepEqual(missing, [], `${missing.length} acknowledged events lost`);
      assert.equal(stored.size, acknowledged.length);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kill -9 mid-load with adversarial messages mixed in: nothing acknowledged is lost and the server starts again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-kill-mix-'));
  const writeKey = 'tm_write_durability_2';
  // Messages that once poisoned the log (or answered 500), mixed into every batch.
  const hostile = (b: number, i: number) => [
    `{"type":"track","userId":"h","event":"Far","timestamp":"9999-12-31T23:59:59-14:00","messageId":"h-${b}-${i}-a"}`,
    `{"type":"track","userId":"h","event":"S\\ud800x","messageId":"h-${b}-${i}-b"}`,
    `{"type":"track","userId":"h","event":"Skew","originalTimestamp":"9999-01-01T00:00:00Z","sentAt":"0001-01-01T00:00:00Z","messageId":"h-${b}-${i}-c"}`,
    `{"type":"track","userId":"h","event":"Deep","messageId":"h-${b}-${i}-d","properties":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
  ];
  try {
    const { child, url } = startChild(dir, writeKey);
    const base = await url;
    const acknowledged: string[] = [];
    let stop = false;
    const client = async (c: number) => {
      for (let b = 0; !stop; b++) {
        const good = Array.from({ length: 50 }, (_, i) => JSON.stringify({ type: 'track', event: 'Mixed', userId: `m${i % 7}`, messageId: `mix-${c}-${b}-${i}` }));
        const text = `{"batch":[${[...good.slice(0, 25), ...hostile(b, c), ...good.slice(25)].join(',')}]}`;
        let res: Response;
        try {
          res = await fetch(`${base}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(writeKey) }, body: text });
        } catch {
          return; // the server is gone
        }
        const body = (await res.json().catch(() => null)) as { accepted?: number } | null;
        // Hostile messages are refused (400) while the 50 valid ones are acknowledged with it.
        if (res.status === 400 && body?.accepted === 50) acknowledged.push(...good.map((g) => (JSON.parse(g) as { messageId: string }).messageId));
        else if (res.status !== 400) throw new Error(`unexpected ${res.status}`);
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    // Kill once enough is acknowledged (not after a fixed time: a loaded machine acknowledges less per second).
    for (const t0 = Date.now(); acknowledged.length <= 600 && Date.now() - t0 < 60_000; ) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    assert.ok(acknowledged.length > 500, `only ${acknowledged.length} events were acknowledged before the kill`);

    // The server starts again on the same directory and every acknowledged event is there.
    const again = startChild(dir, writeKey);
    const base2 = await again.url;
    try {
      const health = await fetch(`${base2}/health`);
      assert.equal(health.status, 200);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
    const store = await openTestStore(dir);
    try {
      const rows = await store.db.query<{ message_id: string }>(`SELECT message_id FROM events WHERE event = 'Mixed'`);
      const stored = new Set(rows.map((r) => r.message_id));
      const missing = acknowledged.filter((m) => !stored.has(m));
      assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${acknowledged.length} acknowledged events lost`);
      const [h] = await store.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE user_id = 'h'`);
      assert.equal(Number(h!.n), 0, 'no hostile message was stored');
      const [q] = await store.db.query<{ n: number }>(`SELECT count(DISTINCT message_id) AS n FROM quarantine WHERE message_id LIKE 'h-%'`);
      assert.ok(Number(q!.n) > 0, 'the hostile messages are quarantined');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
