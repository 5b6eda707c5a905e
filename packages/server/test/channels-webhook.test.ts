import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OutboundMessage } from '../src/channels/channel.js';
import { verifyWebhookSignature, webhookAdapter } from '../src/channels/webhook.js';
import { providerBridgeAdapter, type ProviderBridgeRequest } from '../src/channels/provider-bridge.js';

// Webhooks and provider bridges against a real node:http receiver: the signature verifies with
// verifyWebhookSignature (and a replay outside the tolerance does not), the idempotency key is
// the message id, 2xx sent, 500 / 429 retryable, 400 not, a receiver that never answers is
// aborted at the timeout and retryable; the bridge's request is the documented format.

const SECRET = 'whsec_test_0123456789abcdef';
interface Hit {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
}
const hits: Hit[] = [];
const hanging: ServerResponse[] = [];
let server: Server;
let base: string;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      hits.push({ path, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      const status = Number(/^\/status\/(\d+)/.exec(path)?.[1] ?? 200);
      if (path === '/hang') return void hanging.push(res);
      if (path === '/redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status < 300 ? { providerId: `prov-${hits.length}` } : { error: 'no' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => {
  for (const r of hanging) r.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'run_9:hook:1',
  personId: 'p_9',
  channel: 'webhook',
  to: `${base}/hook`,
  subject: null,
  body: JSON.stringify({ event: 'cart_abandoned', cartId: 'c-1', note: '购物车' }),
  transactional: false,
  unsubscribeUrl: null,
  journeyId: 'abandoned-cart',
  stepId: 'hook',
  runId: 'run_9',
  ...over,
});
const now = () => Math.floor(Date.now() / 1000);
const last = () => hits[hits.length - 1]!;

test('a webhook is POSTed signed: the receiver verifies it; a replay outside the tolerance and an edited body do not verify', async () => {
  const hook = webhookAdapter({ secret: SECRET });
  const r = await hook.send(message(), AbortSignal.timeout(5_000));
  assert.deepEqual(r, { ok: true, providerId: `prov-${hits.length}` });
  const h = last();
  assert.equal(h.path, '/hook');
  assert.equal(h.raw, message().body, 'the body is sent as given');
  assert.equal(h.headers['idempotency-key'], 'run_9:hook:1');
  assert.equal(h.headers['content-type'], 'application/json');
  const ts = h.headers['x-trailmap-timestamp'] as string;
  const sig = h.headers['x-trailmap-signature'] as string;
  assert.match(sig, /^v1=[0-9a-f]{64}$/);
  assert.ok(Math.abs(Number(ts) - now()) <= 2);
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, sig, h.raw, now()), { ok: true });
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, sig, h.raw, Number(ts) + 301), { ok: false, reason: 'expired' }, 'replayed 301 s later');
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, sig, h.raw, Number(ts) + 300), { ok: true }, 'inside the tolerance');
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, sig, h.raw, Number(ts) + 100, 60), { ok: false, reason: 'expired' }, 'a tighter tolerance');
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, sig, h.raw.replace('c-1', 'c-2'), now()), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyWebhookSignature(SECRET, String(Number(ts) + 1), sig, h.raw, now()), { ok: false, reason: 'mismatch' }, 'the timestamp is signed too');
  assert.deepEqual(verifyWebhookSignature('another-secret-0123456789', ts, sig, h.raw, now()), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyWebhookSignature(SECRET, undefined, sig, h.raw, now()), { ok: false, reason: 'missing' });
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, 'sha256=abc', h.raw, now()), { ok: false, reason: 'malformed' });
  // A rotated secret: the receiver accepts either of two signatures.
  assert.deepEqual(verifyWebhookSignature(SECRET, ts, `v1=${'0'.repeat(64)}, ${sig}`, h.raw, now()), { ok: true });

  // A retry of the same message carries the same idempotency key.
  await hook.send(message(), AbortSignal.timeout(5_000));
  assert.equal(last().headers['idempotency-key'], 'run_9:hook:1');
});

test('500, 503, 408 and 429 are retryable; 400, 404 and a redirect are not; a body that is not JSON is refused before sending', async () => {
  const hook = webhookAdapter({ secret: SECRET });
  const outcome = async (path: string) => {
    const r = await hook.send(message({ to: `${base}${path}` }), AbortSignal.timeout(5_000));
    assert.equal(r.ok, false, `${path}: ${JSON.stringify(r)}`);
    return r.ok === false && r.retryable;
  };
  assert.deepEqual(
    [await outcome('/status/500'), await outcome('/status/503'), await outcome('/status/408'), await outcome('/status/429')],
    [true, true, true, true],
  );
  assert.deepEqual([await outcome('/status/400'), await outcome('/status/404'), await outcome('/redirect')], [false, false, false]);
  const before = hits.length;
  const notJson = await hook.send(message({ body: 'not json' }), AbortSignal.timeout(5_000));
  assert.deepEqual(notJson.ok === false && [notJson.retryable, hits.length], [false, before]);
  const notHttp = await hook.send(message({ to: 'file:///etc/passwd' }), AbortSignal.timeout(5_000));
  assert.deepEqual(notHttp.ok === false && notHttp.retryable, false);
});

test('a receiver that never answers is aborted at the timeout (retryable); a closed port is retryable', async () => {
  const hook = webhookAdapter({ secret: SECRET });
  const t0 = Date.now();
  const r = await hook.send(message({ to: `${base}/hang` }), AbortSignal.timeout(300));
  assert.equal(r.ok, false);
  assert.deepEqual(r.ok === false && [r.retryable, /timed out/.test(r.error)], [true, true], JSON.stringify(r));
  assert.ok(Date.now() - t0 < 3_000);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const refused = await hook.send(message({ to: `http://127.0.0.1:${port}/x` }), AbortSignal.timeout(5_000));
  assert.deepEqual(refused.ok === false && refused.retryable, true, JSON.stringify(refused));
});

test('SMS and push go to their bridge in the documented format, signed the same way', async () => {
  const t = Date.parse('2026-12-06T10:00:00.000Z');
  for (const channel of ['sms', 'push'] as const) {
    const bridge = providerBridgeAdapter({ channel, url: `${base}/bridge/${channel}`, secret: SECRET, now: () => t });
    const to = channel === 'sms' ? '+8613800138000' : 'device-token-1';
    const r = await bridge.send(message({ id: `run_9:${channel}:1`, channel, to, subject: channel === 'push' ? 'Cart' : null, body: 'Your cart is waiting 您的购物车' }), AbortSignal.timeout(5_000));
    assert.equal(r.ok, true, JSON.stringify(r));
    const h = last();
    assert.equal(h.path, `/bridge/${channel}`);
    const body = JSON.parse(h.raw) as ProviderBridgeRequest;
    assert.deepEqual(body, {
      version: 1, id: `run_9:${channel}:1`, channel, to, subject: channel === 'push' ? 'Cart' : null, body: 'Your cart is waiting 您的购物车',
      personId: 'p_9', journeyId: 'abandoned-cart', stepId: 'hook', transactional: false, unsubscribeUrl: null, sentAt: '2026-12-06T10:00:00.000Z',
    });
    assert.equal(h.headers['idempotency-key'], `run_9:${channel}:1`);
    assert.equal(h.headers['x-trailmap-timestamp'], String(t / 1000));
    const ts = h.headers['x-trailmap-timestamp'] as string;
    assert.deepEqual(verifyWebhookSignature(SECRET, ts, h.headers['x-trailmap-signature'] as string, h.raw, t / 1000), { ok: true });
  }
  const failing = providerBridgeAdapter({ channel: 'sms', url: `${base}/status/502`, secret: SECRET });
  const r = await failing.send(message({ channel: 'sms', to: '+15550100' }), AbortSignal.timeout(5_000));
  assert.deepEqual(r.ok === false && r.retryable, true);
});
