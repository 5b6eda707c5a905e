import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROJECT_CONFIG } from '@trailmap/core';
import { EventStore } from '@trailmap/warehouse';
import { basic } from './support/test-server.js';

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

    const store = await EventStore.open({ path: join(dir, 'trailmap.duckdb'), project: DEFAULT_PROJECT_CONFIG });
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
