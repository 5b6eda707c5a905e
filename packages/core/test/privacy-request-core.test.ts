import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterStep, nextStep, privacyDeadline, privacyRequestInputSchema, stepsFor } from '../src/index.js';

test('deadlines: GDPR 30 and CCPA 45 calendar days, PIPL 15 working days (Mon–Fri), configurable', () => {
  const fri = Date.UTC(2026, 11, 4, 15, 30); // Friday 2026-12-04
  assert.equal(privacyDeadline('gdpr', fri).toISOString(), '2027-01-03T23:59:59.999Z');
  assert.equal(privacyDeadline('ccpa', fri).toISOString(), '2027-01-18T23:59:59.999Z');
  // 15 working days after Fri 4 Dec: Mon 7 … Fri 25 Dec (3 full weeks).
  assert.equal(privacyDeadline('pipl', fri).toISOString(), '2026-12-25T23:59:59.999Z');
  const sat = Date.UTC(2026, 11, 5, 9);
  assert.equal(privacyDeadline('pipl', sat).toISOString(), '2026-12-25T23:59:59.999Z');
  const rules = { gdpr: { days: 2, kind: 'working' as const }, ccpa: { days: 1, kind: 'calendar' as const }, pipl: { days: 1, kind: 'working' as const } };
  assert.equal(privacyDeadline('gdpr', fri, rules).toISOString(), '2026-12-08T23:59:59.999Z');
  assert.equal(privacyDeadline('ccpa', fri, rules).toISOString(), '2026-12-05T23:59:59.999Z');
});

test('request schema: one id at least, then only on delete, unknown fields named', () => {
  assert.equal(privacyRequestInputSchema.parse({ type: 'delete', userId: 'u1' }).regime, 'gdpr');
  const none = privacyRequestInputSchema.safeParse({ type: 'access' });
  assert.ok(!none.success && none.error.issues[0]!.path.join('.') === 'userId');
  const then = privacyRequestInputSchema.safeParse({ type: 'access', userId: 'u', then: 'suppress' });
  assert.ok(!then.success && then.error.issues[0]!.path.join('.') === 'then');
  const extra = privacyRequestInputSchema.safeParse({ type: 'access', userId: 'u', user: 'x' });
  assert.ok(!extra.success);
  assert.ok(!privacyRequestInputSchema.safeParse({ type: 'erase', userId: 'u' }).success);
  assert.ok(!privacyRequestInputSchema.safeParse({ type: 'access', email: 'nope' }).success);
});

test('state machine: steps in order, a step done twice counts once, completed at the last', () => {
  const steps = stepsFor('delete', null);
  assert.deepEqual(steps, ['resolve', 'suppress', 'warehouse', 'files', 'state', 'compact']);
  assert.deepEqual(stepsFor('delete', 'new-person'), ['resolve', 'warehouse', 'files', 'state', 'compact']);
  let p = { status: 'received' as const, stepsDone: [] as string[] } as Parameters<typeof nextStep>[1];
  const seen: string[] = [];
  for (let s = nextStep(steps, p); s !== null; s = nextStep(steps, p)) {
    seen.push(s);
    p = afterStep(steps, p, s);
    p = afterStep(steps, p, s);
  }
  assert.deepEqual(seen, steps);
  assert.equal(p.status, 'completed');
  assert.deepEqual(p.stepsDone, steps);
  assert.equal(nextStep(steps, { status: 'failed', stepsDone: [] }), null);
});
