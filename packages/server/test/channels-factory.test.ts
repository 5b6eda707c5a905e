import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { lazyStateStore, openMemoryState } from '@trailmap/state';
import { createChannelAdapters } from '../src/channels/index.js';

// The channel factory: what the environment configures, and what it leaves out with the reason;
// a malformed value stops the start with an error naming the variable.

const state = lazyStateStore(openMemoryState);
after(() => state.close());

test('nothing configured: only the in-app inbox, and each missing channel says what would configure it', async () => {
  const c = createChannelAdapters({ TRAILMAP_SMTP_URL: ' ' }, state);
  assert.deepEqual([...c.adapters.keys()], ['inapp']);
  assert.deepEqual(c.missing.map((m) => m.channel), ['email', 'webhook', 'sms', 'push']);
  assert.match(c.missing[0]!.reason, /TRAILMAP_SMTP_URL/);
  assert.match(c.missing[1]!.reason, /TRAILMAP_WEBHOOK_SECRET/);
  assert.match(c.missing[2]!.reason, /TRAILMAP_SMS_URL/);
  await c.close();
});

test('everything configured: five channels; a secret passed in stands for TRAILMAP_WEBHOOK_SECRET; a bridge URL without a secret is missing for the secret', async () => {
  const env = { TRAILMAP_SMTP_URL: 'smtp://u:p@127.0.0.1:2525', TRAILMAP_WEBHOOK_SECRET: 'whsec_0123456789abcdef', TRAILMAP_SMS_URL: 'https://sms.example/send', TRAILMAP_PUSH_URL: 'http://127.0.0.1:9/push' };
  const all = createChannelAdapters(env, state);
  assert.deepEqual([...all.adapters.keys()].sort(), ['email', 'inapp', 'push', 'sms', 'webhook']);
  assert.deepEqual(all.missing, []);
  for (const [channel, a] of all.adapters) assert.equal(a.channel, channel);
  await all.close();

  const passed = createChannelAdapters({ TRAILMAP_SMS_URL: 'https://sms.example/send' }, state, { webhookSecret: Buffer.alloc(32, 3) });
  assert.ok(passed.adapters.has('sms') && passed.adapters.has('webhook'));
  const noSecret = createChannelAdapters({ TRAILMAP_SMS_URL: 'https://sms.example/send' }, state);
  assert.match(noSecret.missing.find((m) => m.channel === 'sms')!.reason, /TRAILMAP_WEBHOOK_SECRET/);
});

test('a malformed setting throws, naming the variable', () => {
  assert.throws(() => createChannelAdapters({ TRAILMAP_SMTP_URL: 'http://mail.example' }, state), /TRAILMAP_SMTP_URL/);
  assert.throws(() => createChannelAdapters({ TRAILMAP_SMS_URL: 'ftp://x' }, state), /TRAILMAP_SMS_URL/);
  assert.throws(() => createChannelAdapters({ TRAILMAP_WEBHOOK_SECRET: 'short' }, state), /TRAILMAP_WEBHOOK_SECRET/);
});
