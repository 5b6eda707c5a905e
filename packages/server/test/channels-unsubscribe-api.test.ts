import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditQuerySchema, projectConfigSchema, type ProjectConfig } from '@trailmap/core';
import { listAudit, type StateStore } from '@trailmap/state';
import { openEmbeddedTestState } from '@trailmap/state/test-support';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { createUnsubscribeToken, unsubscribeSecretFromSalt } from '../src/channels/unsubscribe-token.js';
import { projectUnsubscribeSecret } from '../src/channels/unsubscribe-secret.js';
import { unsubscribeUrl } from '../src/channels/unsubscribe-token.js';
import { renderTemplate } from '../src/channels/templates.js';
import { smtpEmailAdapter } from '../src/channels/smtp-email.js';
import { SMTPServer } from 'smtp-server';
import { basic, KEYS, post } from './support/test-server.js';

// The unsubscribe link against a real server on the engine under test: the page in English and
// Chinese, the RFC 8058 one-click POST and the page's button refuse the person's marketing
// consent (source unsubscribe), audited without personal data; a tampered token is a 400 naming
// `token`; with a per-channel purpose (marketing_email) configured, that one is refused instead.

const opened: Array<() => Promise<void>> = [];
after(async () => {
  for (const close of opened.reverse()) await close();
});

async function server(project?: ProjectConfig) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-unsub-'));
  const state: StateStore = (await openEmbeddedTestState(dir)).state;
  const store: EventStore = await openTestStore(dir, { state, ...(project ? { project } : {}) });
  const clock = Date.parse('2026-12-06T12:00:00.000Z');
  const app = buildApp({ store, state, keys: KEYS, logLevel: 'silent', now: () => clock, scoresEveryMs: null });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  opened.push(async () => {
    await app.close();
    await store.close();
    await state.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const r = await post(url, '/v1/identify', { userId: 'u1', traits: { email: 'ana@example.com', consent: { marketing: true } }, context: { locale: 'zh-CN' }, timestamp: '2026-12-01T10:00:00.000Z' }, basic(KEYS.writeKey));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const personId = (await store.consentFor('u1'))!.personId;
  const secret = await projectUnsubscribeSecret(state)();
  const token = createUnsubscribeToken(secret, { personId, channel: 'email', messageId: 'run_1:email:1' });
  const consent = async () => (await fetch(`${url}/v1/people/u1/consent`, { headers: { authorization: `Bearer ${KEYS.readKey}` } }).then((x) => x.json())) as { purposes: Record<string, { granted: boolean; basis: string; source: string | null; at: string | null }> };
  return { url, state, store, personId, secret, token, consent };
}

const oneClick = (url: string, token: string, accept = 'application/json') =>
  fetch(`${url}/v1/unsubscribe/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: 'List-Unsubscribe=One-Click' });

test('the page, then the one-click POST: marketing consent becomes refused (source unsubscribe), audited; again records nothing', async () => {
  const s = await server();
  assert.equal((await s.consent()).purposes.marketing?.granted, true, 'granted before');

  const page = await fetch(`${s.url}/v1/unsubscribe/${s.token}`, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  const html = await page.text();
  assert.match(html, /Unsubscribe/);
  assert.match(html, /退订/);
  assert.match(html, /<form method="post">/);
  assert.ok(!html.includes('ana@example.com') && !html.includes(s.personId), 'the page shows no personal data');
  assert.equal((await s.consent()).purposes.marketing?.granted, true, 'opening the page changes nothing');

  const res = await oneClick(s.url, s.token);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { unsubscribed: true, purpose: 'marketing', channel: 'email', recorded: true });
  assert.deepEqual((await s.consent()).purposes.marketing, { granted: false, basis: 'explicit', at: '2026-12-06T12:00:00.000Z', source: 'unsubscribe', messageId: null });
  assert.equal((await s.consent()).purposes.analytics?.granted, true, 'other purposes untouched');

  const audit = await listAudit(s.state, auditQuerySchema.parse({ action: 'consent.unsubscribe', limit: '100' }));
  assert.equal(audit.entries.length, 1);
  const [e] = audit.entries;
  assert.equal(e!.actor, 'unsubscribe-link');
  assert.match(String(e!.target), /^person:/);
  assert.ok(!JSON.stringify(e).includes('u1') && !JSON.stringify(e).includes(s.personId) && !JSON.stringify(e).includes('ana@'), 'no personal data in the audit log');

  const again = await oneClick(s.url, s.token);
  assert.deepEqual(await again.json(), { unsubscribed: true, purpose: 'marketing', channel: 'email', recorded: false });
  assert.equal((await listAudit(s.state, auditQuerySchema.parse({ action: 'consent.unsubscribe' }))).entries.length, 1);

  // The page's button (a form POST from a browser) gets a page back.
  const button = await fetch(`${s.url}/v1/unsubscribe/${s.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: 'confirm=1' });
  assert.equal(button.status, 200);
  const done = await button.text();
  assert.match(done, /You are unsubscribed/);
  assert.match(done, /您已退订/);
});

test('a tampered token, or one signed with another secret, is a 400 naming token and changes nothing', async () => {
  const s = await server();
  const [payload, sig] = s.token.split('.') as [string, string];
  const tampered = [
    `${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
    `${payload.slice(1)}.${sig}`,
    createUnsubscribeToken(unsubscribeSecretFromSalt(Buffer.alloc(32, 1)), { personId: s.personId, channel: 'email', messageId: 'm' }),
    'not-a-token',
  ];
  for (const token of tampered) {
    const r = await oneClick(s.url, token);
    assert.equal(r.status, 400, token);
    assert.deepEqual(((await r.json()) as { error: { code: string; field: string } }).error.field, 'token');
    const page = await fetch(`${s.url}/v1/unsubscribe/${token}`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /链接无效/);
  }
  const json = await fetch(`${s.url}/v1/unsubscribe/x.y`);
  assert.deepEqual([json.status, ((await json.json()) as { error: { code: string } }).error.code], [400, 'invalid_token']);
  assert.equal((await s.consent()).purposes.marketing?.granted, true);
});

test('with a marketing_email purpose configured, an email unsubscribe refuses that one and leaves marketing', async () => {
  const project = projectConfigSchema.parse({ consent: { purposes: ['analytics', 'personalisation', 'marketing', 'marketing_email'] } });
  const s = await server(project);
  const res = await oneClick(s.url, s.token);
  assert.deepEqual(await res.json(), { unsubscribed: true, purpose: 'marketing_email', channel: 'email', recorded: true });
  const c = await s.consent();
  assert.deepEqual([c.purposes.marketing_email?.granted, c.purposes.marketing_email?.source], [false, 'unsubscribe']);
  assert.equal(c.purposes.marketing?.granted, true);
  // An SMS link on the same project has no marketing_sms purpose: it refuses marketing.
  const sms = createUnsubscribeToken(s.secret, { personId: s.personId, channel: 'sms', messageId: 'run_1:sms:1' });
  assert.deepEqual(await (await oneClick(s.url, sms)).json(), { unsubscribed: true, purpose: 'marketing', channel: 'sms', recorded: true });
  assert.equal((await s.consent()).purposes.marketing?.granted, false);
});

test('end to end: a rendered email over a real SMTP peer carries the link; the one-click POST of its List-Unsubscribe header refuses marketing', async () => {
  const s = await server();
  const raw: string[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        raw.push(Buffer.concat(chunks).toString('utf8'));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const email = smtpEmailAdapter({ url: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}` });
  try {
    const link = unsubscribeUrl(s.url, s.token);
    const rendered = await renderTemplate(
      { subject: { en: 'Your cart', zh: '您的购物车' }, body: { en: '<a href="{{ unsubscribe_url }}">Unsubscribe</a>', zh: '<a href="{{ unsubscribe_url }}">退订</a>' } },
      { person: { id: s.personId, traits: {}, computed: {} }, journey: { id: 'abandoned-cart', name: 'Abandoned cart' }, unsubscribe_url: link },
      'zh-CN',
    );
    const sent = await email.send({ id: 'run_1:email:1', personId: s.personId, channel: 'email', to: 'ana@example.com', subject: rendered.subject, body: rendered.body, transactional: false, unsubscribeUrl: link, journeyId: 'abandoned-cart', stepId: 'email', runId: 'run_1' }, AbortSignal.timeout(10_000));
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const head = raw[0]!.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const header = /^List-Unsubscribe: <([^>]+)>/im.exec(head)?.[1];
    assert.equal(header, link);
    assert.match(raw[0]!, /=E9=80=80=E8=AE=A2|退订|6YCA6K6i/, 'the Chinese body went out');
    const res = await fetch(header!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    assert.equal(res.status, 200);
    assert.deepEqual([(await s.consent()).purposes.marketing?.granted, (await s.consent()).purposes.marketing?.source], [false, 'unsubscribe']);
  } finally {
    await email.close?.();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});
