import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { churnDefinitionSchema, clvDefinitionSchema, personaDefinitionSchema, rfmDefinitionSchema } from '../src/index.js';
import { isCalendarDay } from '../src/customers/shared/calendar-day.js';

test('isCalendarDay: every real day from 1900 to 2200 is one; days past the month end, month 13 and day 0 are not', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) }), (ms) => isCalendarDay(new Date(ms).toISOString().slice(0, 10))),
  );
  for (const bad of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-1']) assert.equal(isCalendarDay(bad), false, bad);
  assert.equal(isCalendarDay('2024-02-29'), true, 'a leap day');
});

test('the customer definitions refuse an impossible as-of day instead of rolling it over', () => {
  assert.equal(rfmDefinitionSchema.safeParse({ asOf: '2026-02-30' }).success, false);
  assert.equal(churnDefinitionSchema.safeParse({ asOf: '2026-02-30' }).success, false);
  assert.equal(clvDefinitionSchema.safeParse({ asOf: '2026-02-30' }).success, false);
  assert.equal(personaDefinitionSchema.safeParse({ asOf: '2026-02-30' }).success, false);
  assert.equal(rfmDefinitionSchema.safeParse({ asOf: '2026-02-28' }).success, true);
});
