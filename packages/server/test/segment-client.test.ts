import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Analytics } from '@segment/analytics-node';
import { KEYS, startTestServer } from './support/test-server.js';

let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

test('the real @segment/analytics-node client delivers a batch that reads back exactly', async () => {
  const analytics = new Analytics({ writeKey: KEYS.writeKey, host: srv.url, flushAt: 25, flushInterval: 200, maxRetries: 1 });
  const failures: unknown[] = [];
  analytics.on('error', (e) => failures.push(e));
  const sent: Array<{ messageId: string; type: string; event?: string; properties?: Record<string, unknown> }> = [];
  const ts = (i: number) => new Date(Date.UTC(2026, 4, 1, 10, 0, i));
  analytics.identify({ anonymousId: 'sdk-anon', userId: 'sdk-user', traits: { email: 'sdk@example.com', persona: 'researcher' }, messageId: 'sdk-id', timestamp: ts(0) });
  sent.push({ messageId: 'sdk-id', type: 'identify' });
  for (let i = 1; i <= 40; i++) {
    const messageId = `sdk-${i}`;
    const properties = { sku: `SKU-${i}`, price: i * 1.25, tags: ['a', 'b'], nested: { n: i, 引号: '"\'' } };
    analytics.track({ userId: 'sdk-user', event: i % 2 ? 'Product Viewed' : 'Product Added', properties, messageId, timestamp: ts(i) });
    sent.push({ messageId, type: 'track', event: i % 2 ? 'Product Viewed' : 'Product Added', properties });
  }
  analytics.page({ anonymousId: 'sdk-anon', name: 'Checkout', properties: { path: '/checkout' }, messageId: 'sdk-page', timestamp: ts(50) });
  analytics.screen({ userId: 'sdk-user', name: 'Cart', messageId: 'sdk-screen', timestamp: ts(51) });
  analytics.group({ userId: 'sdk-user', groupId: 'acme', traits: { size: 10 }, messageId: 'sdk-group', timestamp: ts(52) });
  analytics.alias({ userId: 'sdk-user', previousId: 'sdk-old-id', messageId: 'sdk-alias', timestamp: ts(53) });
  sent.push({ messageId: 'sdk-page', type: 'page' }, { messageId: 'sdk-screen', type: 'screen' }, { messageId: 'sdk-group', type: 'group' }, { messageId: 'sdk-alias', type: 'alias' });
  await analytics.closeAndFlush({ timeout: 10_000 });
  assert.deepEqual(failures, []);

  await srv.store.flush();
  const rows = await srv.store.db.query<{ message_id: string; type: string; event: string | null; properties: string; timestamp: string; person_id: string; source: string }>(
    `SELECT message_id, type, event, properties, timestamp, person_id, source FROM events WHERE message_id LIKE 'sdk-%' ORDER BY message_id`,
  );
  assert.equal(rows.length, sent.length);
  const byId = new Map(rows.map((r) => [r.message_id, r]));
  for (const s of sent) {
    const r = byId.get(s.messageId);
    assert.ok(r, `missing ${s.messageId}`);
    assert.equal(r.type, s.type);
    if (s.event) assert.equal(r.event, s.event);
    if (s.properties) assert.deepEqual(JSON.parse(r.properties), s.properties);
    assert.equal(r.source, 'http');
  }
  // One person across the anonymous id, the user id and the alias.
  assert.equal(new Set(rows.map((r) => r.person_id)).size, 1);
  // The SDK's timestamps are preserved up to its clock-skew correction (same machine: < 1 s).
  const t1 = Date.parse(byId.get('sdk-1')!.timestamp);
  assert.ok(Math.abs(t1 - ts(1).getTime()) < 1000, `timestamp ${byId.get('sdk-1')!.timestamp}`);
});
