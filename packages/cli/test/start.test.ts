import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));

test('start on an empty data directory: keys created and printed once, demo data loaded and queryable, /health open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-start-'));
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', TRAILMAP_DEMO_EVENTS: '4000', LOG_LEVEL: 'warn' };
  delete env.TRAILMAP_WRITE_KEY;
  delete env.TRAILMAP_READ_KEY;
  const child = spawn(process.execPath, [bin, 'start', '--data', dir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving (http:\/\/\S+)/.exec(out);
        if (m && out.includes('read key')) resolve(m[1]!);
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      setTimeout(() => reject(new Error(`no start in 60 s: ${out}`)), 60_000);
    });
    assert.match(out, /demo data loaded: 4,000 events/);
    const keys = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as { writeKey: string; readKey: string };
    assert.ok(out.includes(keys.writeKey) && out.includes(keys.readKey), 'new keys are printed');
    assert.equal(statSync(join(dir, 'keys.json')).mode & 0o777, 0o600);
    assert.equal((await fetch(`${url}/health`)).status, 200);
    assert.equal((await fetch(`${url}/v1/touchpoints`)).status, 401);
    const res = await fetch(`${url}/v1/touchpoints`, { headers: { authorization: `Bearer ${keys.readKey}` } });
    const body = (await res.json()) as { touchpoints: Array<{ events: number }>; notTouchpoints: Array<{ events: number }> };
    // Every demo event is a touchpoint's or counted beside them (identify, alias, group).
    assert.equal([...body.touchpoints, ...body.notTouchpoints].reduce((s, t) => s + t.events, 0), 4000);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
