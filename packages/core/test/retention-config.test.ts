import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRetentionRule, retentionConfigSchema, retentionCutoff } from '../src/privacy/retention/index.js';

test('retention config: defaults, validation naming the field, cut-offs and words', () => {
  assert.deepEqual(retentionConfigSchema.parse({}), { events: [], everyHours: 24 });
  const bad = retentionConfigSchema.safeParse({ events: [{ event: 'Page Viewed', days: 0 }] });
  assert.ok(!bad.success);
  assert.deepEqual(bad.error.issues[0]!.path, ['events', 0, 'days']);
  const unknown = retentionConfigSchema.safeParse({ events: [{ evnt: 'x', days: 3 }] });
  assert.ok(!unknown.success, 'a misspelt key is refused, not ignored');
  const now = Date.UTC(2026, 11, 4, 12);
  assert.equal(retentionCutoff({ days: 30 }, now).toISOString(), '2026-11-04T12:00:00.000Z');
  assert.equal(describeRetentionRule({ event: 'Page Viewed', source: 'web', days: 90 }), '"Page Viewed" from source "web" older than 90 days');
  assert.equal(describeRetentionRule({ days: 1 }), 'every event older than 1 day');
});
