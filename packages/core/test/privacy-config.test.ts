import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privacyDeadline, privacyDeadlines, projectConfigSchema } from '../src/index.js';

test('privacy.deadlines in trailmap.config.json replace the default of the regimes they name', () => {
  const cfg = projectConfigSchema.parse({ privacy: { deadlines: { pipl: { days: 10, kind: 'working' } } } });
  const rules = privacyDeadlines(cfg.privacy);
  assert.deepEqual(rules, { gdpr: { days: 30, kind: 'calendar' }, ccpa: { days: 45, kind: 'calendar' }, pipl: { days: 10, kind: 'working' } });
  // Received on Friday 2026-12-04: 10 working days later is Friday 2026-12-18.
  assert.equal(privacyDeadline('pipl', Date.parse('2026-12-04T09:00:00Z'), rules).toISOString(), '2026-12-18T23:59:59.999Z');
  assert.deepEqual(privacyDeadlines(projectConfigSchema.parse({}).privacy).pipl, { days: 15, kind: 'working' });
  const bad = projectConfigSchema.safeParse({ privacy: { deadlines: { gdpr: { days: 30, kind: 'lunar' } } } });
  assert.ok(!bad.success);
  assert.deepEqual(bad.error.issues[0]!.path, ['privacy', 'deadlines', 'gdpr', 'kind']);
  assert.ok(!projectConfigSchema.safeParse({ privacy: { deadlines: { hipaa: { days: 30, kind: 'calendar' } } } }).success, 'an unknown regime is refused');
});
