import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classify, classifyInput, DEFAULT_PROJECT_CONFIG, DEFAULT_RULES, normalizeMessage, projectConfigSchema, type NormalizedEvent } from '@trailmap/core';
import { rulesFor } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';

const EVENTS = ['Order Completed', 'Product Viewed', 'Product Added', 'Ad Impression', 'Ad Clicked', 'Email Opened', 'SMS Clicked', 'Store Visited', 'Support Call', 'Survey Responded', 'Review Posted', 'Weird "quoted"; DROP TABLE events; --', '订单完成', 'Checkout Started', 'Application Opened', 'Cart Viewed', 'Order Refunded', 'Return Requested', 'Cart', 'Product List Viewed'];
const PATHS = [null, '/', '/cart', '/checkout/pay', '/products/x', '/blog/a', '/help'];
const MEDIA = [null, 'cpc', 'email', 'social', 'sms', 'display', 'referral'];
const CHANNELS = [null, 'web', 'store', 'POS', 'call-center', 'fax', 'app'];

const flushed = async (s: { flush(): Promise<void>; db: import('../src/index.js').Warehouse }) => {
  await s.flush();
  return s.db;
};

function randomEvents(n: number, seed: number): NormalizedEvent[] {
  let s = seed;
  const pick = <T>(a: readonly T[]) => a[((s = (s * 1664525 + 1013904223) >>> 0), s % a.length)]!;
  const out: NormalizedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const type = pick(['track', 'track', 'track', 'page', 'screen', 'identify', 'group', 'alias'] as const);
    const path = pick(PATHS);
    const medium = pick(MEDIA);
    const channel = pick(CHANNELS);
    const context: Record<string, unknown> = {};
    if (path) context.page = { path };
    if (medium) context.campaign = { medium, source: 'x' };
    if (channel) context.channel = channel;
    const msg: Record<string, unknown> = { type, anonymousId: `a${i}`, messageId: `r-${seed}-${i}`, context, timestamp: '2026-05-01T00:00:00Z' };
    if (type === 'track') msg.event = pick(EVENTS);
    if (type === 'page' || type === 'screen') msg.name = pick([null, 'Home', 'Cart', 'Product', 'Products', 'Checkout', 'Product List', 'Category', 'Checkout help', 'Shopping Cart']);
    if (type === 'group') msg.groupId = `g${i % 7}`;
    if (type === 'alias') {
      msg.userId = `u${i}`;
      msg.previousId = `a${i}`;
    }
    const r = normalizeMessage(msg, { receivedAt: Date.parse('2026-05-01T00:00:00Z'), source: 'test' });
    assert.ok(r.ok);
    out.push(r.value);
  }
  return out;
}

test('differential: SQL classification in DuckDB equals the TypeScript reference on random events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-tp-'));
  const project = projectConfigSchema.parse({
    touchpoints: { rules: [{ match: { event: 'survey', contextChannel: '^web$' }, set: { touchpoint: 'Web Survey', type: 'human' } }, { match: { path: '^/help' }, set: { channel: 'support' } }] },
  });
  const store = await openTestStore(dir, { project });
  try {
    const events = randomEvents(3000, 11);
    const counts = await store.ingestBatch(events);
    assert.equal(counts.accepted, events.length);
    const rows = await (await flushed(store)).query<{ message_id: string; touchpoint: string; channel: string; touchpoint_type: string; stage: string }>(
      `SELECT message_id, touchpoint, channel, touchpoint_type, stage FROM events`,
    );
    const sql = new Map(rows.map((r) => [r.message_id, { touchpoint: r.touchpoint, channel: r.channel, type: r.touchpoint_type, stage: r.stage }]));
    const rules = rulesFor(project);
    let mismatches = 0;
    for (const e of events) {
      const expected = classify(classifyInput(e), rules);
      if (JSON.stringify(sql.get(e.messageId)) !== JSON.stringify(expected)) {
        mismatches++;
        if (mismatches < 5) assert.deepEqual(sql.get(e.messageId), expected, `event ${e.messageId}: ${e.context}`);
      }
    }
    assert.equal(mismatches, 0);
    assert.ok(new Set(rows.map((r) => r.channel)).size >= 6, 'random data should cover many channels');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('changing the rules re-classifies stored events at the next open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-tp2-'));
  try {
    let store = await openTestStore(dir);
    const r = normalizeMessage({ type: 'track', event: 'Kiosk Tap', userId: 'u', messageId: 'k1' }, { receivedAt: 0, source: 't' });
    assert.ok(r.ok);
    await store.ingestBatch([r.value]);
    assert.deepEqual((await store.touchpoints()).map((t) => [t.touchpoint, t.channel, t.stage]), [['Kiosk Tap', 'other', 'interest']]);
    await store.close();
    const project = projectConfigSchema.parse({ touchpoints: { rules: [{ match: { event: '^kiosk' }, set: { touchpoint: 'In-store kiosk', channel: 'store', stage: 'consideration' } }] } });
    store = await openTestStore(dir, { project });
    assert.deepEqual((await store.touchpoints()).map((t) => [t.touchpoint, t.channel, t.type, t.stage]), [['In-store kiosk', 'store', 'physical', 'consideration']]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the catalogue: a folded page view and its event are one touchpoint; identify / alias / group are counted beside it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-tp3-'));
  const store = await openTestStore(dir);
  try {
    const msgs: Record<string, unknown>[] = [
      { type: 'page', name: 'Product', userId: 'u1', messageId: 'm1', context: { channel: 'web', page: { path: '/products/p1' } } },
      { type: 'track', event: 'Product Viewed', userId: 'u1', messageId: 'm2', context: { channel: 'web' } },
      { type: 'page', name: 'Product', userId: 'u2', messageId: 'm3', context: { channel: 'web', page: { path: '/products/p2' } } },
      { type: 'identify', userId: 'u1', messageId: 'm4', traits: { persona: 'x' } },
      { type: 'identify', userId: 'u2', messageId: 'm5', traits: { persona: 'y' } },
      { type: 'group', userId: 'u1', groupId: 'g1', messageId: 'm6' },
      { type: 'alias', userId: 'u3', previousId: 'anon-3', messageId: 'm7' },
    ];
    const events = msgs.map((m) => {
      const r = normalizeMessage({ timestamp: '2026-05-01T00:00:00Z', ...m }, { receivedAt: 0, source: 't' });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
      return r.value;
    });
    await store.ingestBatch(events);
    assert.deepEqual(
      (await store.touchpoints()).map((t) => [t.touchpoint, t.channel, t.stage, t.events, t.people]),
      [['Product Viewed', 'web', 'interest', 3, 2]],
    );
    assert.deepEqual(
      (await store.nonTouchpoints()).map((t) => [t.type, t.events, t.people]),
      [['alias', 1, 1], ['group', 1, 1], ['identify', 2, 2]],
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('DEFAULT_RULES is used when no config is given', () => {
  assert.equal(rulesFor(DEFAULT_PROJECT_CONFIG).length, DEFAULT_RULES.length);
});
