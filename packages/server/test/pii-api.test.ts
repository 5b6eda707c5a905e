import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectConfigSchema, type PiiSummaryAnswer } from '@trailmap/core';
import { openTestStore } from '@trailmap/warehouse/testing';
import { buildApp } from '../src/app.js';
import { basic, KEYS } from './support/test-server.js';

// PII over HTTP: the policy applied at collection, GET /v1/privacy/pii, no PII in 4xx bodies, the
// quarantine or the server log, and the people CSV export as stored (hashed stays hashed, dropped absent).
const salt = Buffer.alloc(32, 9);
const hmac = (s: string) => 'h:' + createHmac('sha256', salt).update(s).digest('hex');
const EMAIL = 'secret.person@example.com';
const PHONE = '+86 139 8765 4321';
const CARD = '4111 1111 1111 1111';

async function withServer(fn: (url: string, log: string[]) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-pii-api-'));
  const project = projectConfigSchema.parse({ pii: { rules: [{ path: 'traits.email', action: 'hash' }, { path: 'traits.secret', action: 'drop' }] } });
  const store = await openTestStore(dir, { project, piiSalt: salt });
  const log: string[] = [];
  const app = buildApp({ store, keys: KEYS, logLevel: 'debug', logStream: { write: (line: string) => void log.push(line) } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    await fn(url, log);
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const send = async (url: string, path: string, body: string) => {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(KEYS.writeKey) }, body });
  return { status: res.status, text: await res.text() };
};
const read = async (url: string, path: string) => {
  const res = await fetch(url + path, { headers: { authorization: `Bearer ${KEYS.readKey}` } });
  assert.equal(res.status, 200, path);
  return res.text();
};
const ts = '2026-06-01T10:00:00.000Z';

test('PII in bad fields never comes back in the 4xx body, the quarantine or the log; the policy applies at collection and the API counts it', async () => {
  await withServer(async (url, log) => {
    const batch = {
      batch: [
        { type: 'identify', userId: 'u1', messageId: 'ok1', timestamp: ts, traits: { email: EMAIL, secret: 'x', name: 'Jane Doe', plan: 'pro' } },
        { type: 'track', userId: 'u1', event: 'Paid', messageId: 'ok2', timestamp: ts, properties: { card: CARD, total: 9.5 } },
        { type: 'track', userId: 'u2', event: 'Bad', messageId: 'bad1', timestamp: EMAIL },
        { type: PHONE, userId: 'u3', messageId: 'bad2', timestamp: ts, traits: { email: EMAIL } },
      ],
    };
    const r = await send(url, '/v1/batch', JSON.stringify(batch));
    assert.equal(r.status, 400, r.text);
    const errors = JSON.parse(r.text).errors as Array<{ field: string; message: string }>;
    assert.deepEqual(errors.map((e) => e.field), ['batch[2].timestamp', 'batch[3].type']);
    assert.match(r.text, /got \\"\+\*\* \*\*\* \*\*\*\* 4321/, 'the value is named, masked');
    const bad = await send(url, '/v1/track', `{"userId":"u9","event":"x","note":"${EMAIL}" oops}`);
    assert.equal(bad.status, 400);
    const quarantine = await read(url, '/v1/quarantine');
    assert.match(quarantine, /bad1/);
    await read(url, `/v1/people?q=${encodeURIComponent(EMAIL)}`);
    await read(url, `/v1/people?q=${EMAIL}`);

    for (const [what, text] of [['batch answer', r.text], ['bad JSON answer', bad.text], ['quarantine', quarantine], ['log', log.join('')]] as const) {
      for (const secret of [EMAIL, PHONE, CARD, '4111111111111111', '13987654321']) assert.ok(!text.includes(secret), `${what} holds ${secret}`);
    }
    assert.ok(log.length > 0, 'the server logged (debug)');

    const summary = JSON.parse(await read(url, '/v1/privacy/pii')) as PiiSummaryAnswer;
    assert.deepEqual(
      summary.keys.map((k) => [k.path, k.kind, k.values, k.actions, k.policyAction]),
      [
        ['properties.card', 'card', 1, { keep: 0, mask: 1, hash: 0, drop: 0 }, 'mask'],
        ['traits.email', 'email', 1, { keep: 0, mask: 0, hash: 1, drop: 0 }, 'hash'],
        ['traits.name', 'name', 1, { keep: 1, mask: 0, hash: 0, drop: 0 }, 'keep'],
        ['traits.secret', null, 1, { keep: 0, mask: 0, hash: 0, drop: 1 }, 'drop'],
      ],
    );
    assert.deepEqual(summary.kinds.find((k) => k.kind === 'email'), { kind: 'email', keys: 1, values: 1, action: 'keep' });
    const unauth = await fetch(url + '/v1/privacy/pii');
    assert.equal(unauth.status, 401);

    // Exports read what is stored: the hashed email stays hashed, the dropped trait is absent.
    const csv = await read(url, '/v1/people?columns=email,secret,name,plan&format=csv');
    assert.ok(csv.includes(hmac(EMAIL)), csv);
    assert.ok(!csv.includes(EMAIL) && !csv.includes(',x,'), csv);
    assert.match(csv, /Jane Doe/);
  });
});
