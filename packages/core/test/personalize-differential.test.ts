import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { collaborativeScores, coOccurrenceOf, historyWeights, recencyPopularity, type Interaction } from '../src/index.js';

const DAY = 86_400_000;
const ITEMS = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'];

const interaction = fc.record({
  person: fc.integer({ min: 0, max: 7 }),
  item: fc.integer({ min: 0, max: ITEMS.length - 1 }),
  purchase: fc.boolean(),
  day: fc.integer({ min: 0, max: 60 * 24 }).map((m) => m / 24),
});

/** The reference: the person × item matrices spelled out, every sum written as a loop over all people and items. */
function referenceScores(rows: readonly Interaction[], personId: string, now: number, h: number, vw: number, pw: number): Map<string, number> {
  const people = [...new Set(rows.filter((r) => r.personalisable).map((r) => r.personId))];
  const I = (p: string, x: string) => rows.some((r) => r.personalisable && r.personId === p && r.itemId === x);
  const B = (p: string, y: string) => rows.some((r) => r.personalisable && r.personId === p && r.itemId === y && r.kind === 'purchase');
  const cos = (x: string, y: string) => {
    let both = 0, ix = 0, by = 0;
    for (const p of people) {
      if (I(p, x) && B(p, y)) both++;
      if (I(p, x)) ix++;
      if (B(p, y)) by++;
    }
    return both === 0 ? 0 : both / Math.sqrt(ix * by);
  };
  const w = (x: string) =>
    rows.filter((r) => r.personId === personId && r.itemId === x && r.at < now).reduce((s, r) => s + (r.kind === 'purchase' ? pw : vw) * Math.pow(0.5, (now - r.at) / (h * DAY)), 0);
  const out = new Map<string, number>();
  for (const y of ITEMS) {
    let s = 0;
    for (const x of ITEMS) s += w(x) * cos(x, y);
    if (s > 0) out.set(y, s);
  }
  return out;
}

test('collaborative scores = the matrix reference on random interactions (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.array(interaction, { minLength: 1, maxLength: 60 }),
      fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      fc.integer({ min: 0, max: 7 }),
      fc.double({ min: 0.5, max: 90, noNaN: true }),
      fc.integer({ min: 0, max: 61 }),
      (raw, consent, who, h, nowDay) => {
        const rows: Interaction[] = raw.map((r, i) => ({
          personId: `p${r.person}`, itemId: ITEMS[r.item]!, kind: r.purchase ? 'purchase' : 'view', at: Math.round(r.day * DAY), eventId: `e${i}`,
          personalisable: consent[r.person]!, name: null, category: null, price: null,
        }));
        const personId = `p${who}`;
        const now = nowDay * DAY;
        const weights = historyWeights(rows.filter((r) => r.personId === personId), now, { halfLifeDays: h, viewWeight: 1, purchaseWeight: 3 });
        const got = collaborativeScores(weights, coOccurrenceOf(rows));
        const want = referenceScores(rows, personId, now, h, 1, 3);
        assert.deepEqual(got.map((s) => s.item).sort(), [...want.keys()].sort());
        for (const s of got) assert.ok(Math.abs(s.score - want.get(s.item)!) < 1e-9 * Math.max(1, s.score), `${s.item}: ${s.score} vs ${want.get(s.item)}`);
        for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.score >= got[i]!.score, 'best first');
        const pop = recencyPopularity(rows, now, h);
        for (const p of pop) {
          const ref = rows.filter((r) => r.kind === 'purchase' && r.itemId === p.item && r.at <= now).reduce((s, r) => s + Math.pow(0.5, (now - r.at) / (h * DAY)), 0);
          assert.ok(Math.abs(p.score - ref) < 1e-9 * Math.max(1, ref), `popularity ${p.item}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});
