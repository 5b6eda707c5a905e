import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateTraitOccurrence, journeyTriggerSchema, localDay, nextWindowOpen, quietUntil, scheduleOccurrences } from '../src/index.js';

const schedule = (o: object) => journeyTriggerSchema.parse({ type: 'schedule', segment: 's', ...o }) as Extract<ReturnType<typeof journeyTriggerSchema.parse>, { type: 'schedule' }>;
const dateTrait = (o: object) => journeyTriggerSchema.parse({ type: 'dateTrait', trait: 'birthday', ...o }) as Extract<ReturnType<typeof journeyTriggerSchema.parse>, { type: 'dateTrait' }>;
const t = (iso: string) => Date.parse(iso);

test('schedule occurrences: local time on the listed days, across the spring-forward change in Berlin', () => {
  // DST starts Sunday 2026-03-29 in Europe/Berlin: 09:00 is 08:00 UTC before, 07:00 UTC after.
  const s = schedule({ at: '09:00', days: ['sat', 'sun', 'mon'], timeZone: 'Europe/Berlin' });
  assert.deepEqual(scheduleOccurrences(s, t('2026-03-27T00:00:00Z'), t('2026-03-31T00:00:00Z')).map((x) => new Date(x).toISOString()), ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  // (from, to]: an occurrence exactly at `from` belongs to the window before.
  assert.deepEqual(scheduleOccurrences(s, t('2026-03-28T08:00:00Z'), t('2026-03-28T20:00:00Z')), []);
  assert.deepEqual(scheduleOccurrences(s, t('2026-03-28T07:59:00Z'), t('2026-03-28T08:00:00Z')), [t('2026-03-28T08:00:00Z')]);
});

test('date traits: annual with an offset across the year, 29 February in other years, once-only dates, bad values', () => {
  const week = dateTrait({ offset: '-7d', annual: true, at: '09:00', timeZone: 'UTC' });
  // Born 3 January: a week before is 27 December of the year before.
  assert.equal(dateTraitOccurrence(week, '1990-01-03', 'UTC', t('2026-12-27T08:00:00Z'), t('2026-12-27T10:00:00Z')), t('2026-12-27T09:00:00Z'));
  const leap = dateTrait({ annual: true, at: '08:30', timeZone: 'UTC' });
  assert.equal(dateTraitOccurrence(leap, '2000-02-29', 'UTC', t('2027-02-28T00:00:00Z'), t('2027-02-28T23:00:00Z')), t('2027-02-28T08:30:00Z'));
  const once = dateTrait({ trait: 'renewal', offset: '-1d', at: '10:00', timeZone: 'Asia/Shanghai' });
  assert.equal(dateTraitOccurrence(once, '2026-06-10T00:00:00Z', 'Asia/Shanghai', t('2026-06-09T00:00:00Z'), t('2026-06-09T03:00:00Z')), t('2026-06-09T02:00:00Z'));
  assert.equal(dateTraitOccurrence(once, '2027-06-10', 'Asia/Shanghai', t('2026-06-09T00:00:00Z'), t('2026-06-09T03:00:00Z')), null, 'not annual: only that year');
  for (const bad of ['soon', 12, null, '2026-13-01']) assert.equal(dateTraitOccurrence(leap, bad, 'UTC', 0, Date.now()), null);
});

test('time windows: quiet hours across midnight, the local day in a 23-hour day', () => {
  // 23:30 in Shanghai is inside 21:00–08:00: quiet until 08:00 local (00:00 UTC).
  assert.equal(quietUntil(t('2026-03-02T15:30:00Z'), 'Asia/Shanghai', '21:00', '08:00'), t('2026-03-03T00:00:00Z'));
  assert.equal(quietUntil(t('2026-03-02T04:00:00Z'), 'Asia/Shanghai', '21:00', '08:00'), null, '12:00 local');
  assert.equal(nextWindowOpen(t('2026-03-02T12:00:00Z'), 'UTC', '09:00', '17:00'), t('2026-03-02T12:00:00Z'));
  assert.equal(nextWindowOpen(t('2026-03-02T18:00:00Z'), 'UTC', '09:00', '17:00'), t('2026-03-03T09:00:00Z'));
  const [from, to] = localDay(t('2026-03-29T12:00:00Z'), 'Europe/Berlin');
  assert.equal(from, t('2026-03-28T23:00:00Z'));
  assert.equal(to - from, 23 * 3_600_000);
});
