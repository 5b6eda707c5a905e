import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { erasePersonFromState, listJourneyMessages, listRuns } from '@trailmap/state';
import { verifyWebhookSignature } from '../src/channels/webhook-signature.js';
import { startJourneyRig, startSmtpPeer, TestClock } from './support/journey-rig.js';

const H = 3_600_000;
const abandonedCart = JSON.parse(readFileSync(new URL('../../../../docs/journeys/abandoned-cart.json', import.meta.url), 'utf8'));
const sendNow = (id: string, extra: Record<string, unknown> = {}) => ({
  name: `send ${id}`,
  trigger: { type: 'event', event: 'Signed Up' },
  start: 'm',
  steps: [{ id: 'm', type: 'send', channel: 'email', template: { subject: { en: `Hello from ${id}` }, body: { en: '<p>Hi {{ person.traits.first_name }}</p>' } }, next: null, ...extra }],
});

describe('journeys: delivery over a real SMTP peer', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  before(async () => (smtp = await startSmtpPeer()));
  after(async () => smtp?.close());

  const rig = (clock: TestClock, rules = {}) => startJourneyRig({ clock, env: { TRAILMAP_SMTP_URL: smtp.url }, rules });
  const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to));

  test('abandoned cart: no order in 4 h → one email to traits.email; its statuses become events', async () => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'));
    const r = await rig(clock);
    try {
      await r.publish(abandonedCart, 'cart');
      await r.send({ type: 'identify', userId: 'ann', traits: { email: 'ann@example.test', first_name: 'Ann' } }, { type: 'track', userId: 'ann', event: 'Product Added', properties: { cart_id: 'c1', product_id: 'p1' } });
      await r.settle();
      const [run] = await listRuns(r.state, { journeyId: 'cart', limit: 10 });
      assert.equal(run?.status, 'waiting');
      assert.equal(run?.stepId, 'wait_for_order');
      clock.advance(4 * H - 1000);
      await r.settle();
      assert.equal(mailsTo('ann@example.test').length, 0);
      clock.advance(1000);
      await r.settle();
      const mails = mailsTo('ann@example.test');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject!, /Ann, your cart is waiting/);
      assert.match(mails[0]!.raw, /List-Unsubscribe:\s+<http:\/\/trailmap\.test\/v1\/unsubscribe\//);
      const [msg] = await listJourneyMessages(r.state, { journeyId: 'cart', limit: 10 });
      assert.equal(msg?.status, 'sent');
      await r.store.flush();
      const db = await r.store.readSession();
      const rows = await db.query<{ event: string; channel: string }>(`SELECT event, channel FROM events WHERE source = 'journeys' ORDER BY event`);
      assert.deepEqual(rows.map((x) => [x.event, x.channel]), [['Email Queued', 'email'], ['Email Sent', 'email']]);
    } finally {
      await r.close();
    }
  });

  test('abandoned cart: an order with the same cart_id inside 4 h is the goal, and no email goes', async () => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'));
    const r = await rig(clock);
    try {
      await r.publish(abandonedCart, 'cart');
      await r.send({ type: 'identify', userId: 'bob', traits: { email: 'bob@example.test' } }, { type: 'track', userId: 'bob', event: 'Product Added', properties: { cart_id: 'c2' } });
      await r.settle();
      clock.advance(2 * H);
      await r.send({ type: 'track', userId: 'bob', event: 'Order Completed', properties: { cart_id: 'c2', order_id: 'o1' } });
      await r.settle();
      clock.advance(5 * H);
      await r.settle();
      assert.equal(mailsTo('bob@example.test').length, 0);
      const [run] = await listRuns(r.state, { journeyId: 'cart', limit: 10 });
      assert.equal(run?.outcome, 'goal');
    } finally {
      await r.close();
    }
  });

  test('consent refused → no marketing message (skipped: consent); a transactional one still goes', async () => {
    const clock = new TestClock(Date.parse('2026-03-02T12:00:00Z'));
    const r = await rig(clock);
    try {
      await r.publish(sendNow('promo'), 'promo');
      await r.publish(sendNow('receipt', { transactional: true }), 'receipt');
      await r.send({ type: 'identify', userId: 'cy', traits: { email: 'cy@example.test' } });
      await r.store.setConsent('cy', { purposes: { marketing: false }, source: 'api' });
      await r.send({ type: 'track', userId: 'cy', event: 'Signed Up' });
      await r.settle();
      const byJourney = Object.fromEntries((await listJourneyMessages(r.state, { personId: (await r.store.consentFor('cy'))!.personId, limit: 10 })).map((m) => [m.journeyId, [m.status, m.reason]]));
      assert.deepEqual(byJourney, { promo: ['skipped', 'consent'], receipt: ['sent', null] });
      assert.deepEqual(mailsTo('cy@example.test').map((m) => m.subject), ['Hello from receipt']);
      // A data-subject deletion takes the person's journey runs, inputs and messages with it.
      const personId = (await r.store.consentFor('cy'))!.personId;
      const erased = await erasePersonFromState(r.state, { personIds: [personId], texts: ['cy'] });
      assert.equal(erased['state.journey_runs'], 2);
      assert.equal(erased['state.journey_messages'], 2);
      assert.equal(erased['state.journey_inputs'], 1);
      for (const t of ['journey_runs', 'journey_messages', 'journey_inputs']) {
        assert.deepEqual(await r.state.query(`SELECT 1 FROM ${t} WHERE person_id = $1`, [personId]), [], t);
      }
    } finally {
      await r.close();
    }
  });

  test('frequency cap per local day: the second marketing email the same day is skipped, the next day one goes', async () => {
    const clock = new TestClock(Date.parse('2026-03-02T12:00:00Z'));
    const r = await rig(clock, { frequencyCap: 1 });
    try {
      await r.publish({ ...sendNow('a'), reentry: { policy: 'always' } }, 'a');
      await r.publish(sendNow('b'), 'b');
      await r.send({ type: 'identify', userId: 'di', traits: { email: 'di@example.test' } }, { type: 'track', userId: 'di', event: 'Signed Up' });
      await r.settle();
      assert.equal(mailsTo('di@example.test').length, 1);
      const statuses = (await listJourneyMessages(r.state, { limit: 10 })).map((m) => `${m.status}:${m.reason ?? ''}`).sort();
      assert.deepEqual(statuses, ['sent:', 'skipped:frequency_cap']);
      clock.advance(24 * H);
      await r.send({ type: 'track', userId: 'di', event: 'Signed Up' });
      await r.settle();
      assert.equal(mailsTo('di@example.test').length, 2);
    } finally {
      await r.close();
    }
  });

  test('quiet hours hold a message until they end in the person\'s time zone (Asia/Shanghai and America/New_York)', async () => {
    // 15:00 UTC is 23:00 in Shanghai (quiet until 08:00, 00:00 UTC) and 10:00 in New York (not quiet).
    const clock = new TestClock(Date.parse('2026-03-02T15:00:00Z'));
    const r = await rig(clock);
    try {
      await r.publish(sendNow('q'), 'q');
      await r.send(
        { type: 'identify', userId: 'li', traits: { email: 'li@example.test', timezone: 'Asia/Shanghai' } },
        { type: 'identify', userId: 'ny', traits: { email: 'ny@example.test' }, context: { timezone: 'America/New_York' } },
        { type: 'track', userId: 'li', event: 'Signed Up' },
        { type: 'track', userId: 'ny', event: 'Signed Up' },
      );
      await r.settle();
      assert.equal(mailsTo('ny@example.test').length, 1);
      assert.equal(mailsTo('li@example.test').length, 0);
      const held = (await listJourneyMessages(r.state, { status: 'held', limit: 10 }))[0];
      assert.equal(held?.reason, 'quiet_hours');
      assert.equal(held?.nextAttemptAt, Date.parse('2026-03-03T00:00:00Z'));
      clock.advance(9 * H - 1000);
      await r.settle();
      assert.equal(mailsTo('li@example.test').length, 0);
      clock.advance(1000);
      await r.settle();
      assert.equal(mailsTo('li@example.test').length, 1);
    } finally {
      await r.close();
    }
  });
});

describe('journeys: webhooks signed, retried on 5xx, not on 4xx', () => {
  test('a 503 is retried with backoff until the receiver takes it; a 400 fails at once', async () => {
    const secret = 'whsec_test_0123456789abcdef';
    const got: Array<{ key: string; ok: boolean; body: any }> = [];
    let failFirst = 2;
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = JSON.parse(raw);
        const check = verifyWebhookSignature(secret, req.headers['x-trailmap-timestamp'] as string, req.headers['x-trailmap-signature'] as string, raw, Date.now() / 1000);
        got.push({ key: req.headers['idempotency-key'] as string, ok: check.ok, body });
        if (req.url === '/bad') return res.writeHead(400).end('no');
        if (failFirst-- > 0) return res.writeHead(503).end('busy');
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const clock = new TestClock(Date.now());
    const r = await startJourneyRig({ clock, env: { TRAILMAP_WEBHOOK_SECRET: secret } });
    try {
      const hook = (id: string, url: string) => ({ name: id, trigger: { type: 'event', event: 'Signed Up' }, start: 'h', steps: [{ id: 'h', type: 'webhook', url, body: { who: '{{ person.traits.name }}' }, next: null }] });
      await r.publish(hook('good', `${base}/ok`), 'good');
      await r.publish(hook('bad', `${base}/bad`), 'bad');
      await r.send({ type: 'identify', userId: 'ed', traits: { name: 'Ed' } }, { type: 'track', userId: 'ed', event: 'Signed Up' });
      await r.settle();
      const status = async () => Object.fromEntries((await listJourneyMessages(r.state, { limit: 10 })).map((m) => [m.journeyId, [m.status, m.attempts]]));
      assert.deepEqual(await status(), { good: ['queued', 1], bad: ['failed', 1] });
      clock.advance(30_000);
      await r.settle();
      assert.deepEqual(await status(), { good: ['queued', 2], bad: ['failed', 1] });
      clock.advance(60_000);
      await r.settle();
      assert.deepEqual(await status(), { good: ['sent', 3], bad: ['failed', 1] });
      const good = got.filter((g) => g.body.journeyId === undefined && g.key.startsWith('good.'));
      assert.equal(good.length, 3, 'three attempts reached the receiver');
      assert.equal(new Set(good.map((g) => g.key)).size, 1, 'every attempt carries the same Idempotency-Key');
      assert.ok(got.every((g) => g.ok), 'every request is signed');
      assert.deepEqual(good[0]!.body, { who: 'Ed' });
    } finally {
      await r.close();
      server.close();
    }
  });
});
