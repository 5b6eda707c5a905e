import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  coOccurrenceOf, collaborativeScores, cooccurrenceCosine, evaluateRecommender, fitPersonalizeModel, historyWeights, personalizeConfigSchema,
  placementRulesSchema, projectConfigSchema, rankItems, recommend, type Interaction,
} from '../src/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const INFO: Record<string, [string, string, number]> = { A: ['Tent A', 'tents', 300], B: ['Tent B', 'tents', 400], C: ['Stove C', 'stoves', 60] };
const ix = (personId: string, kind: 'view' | 'purchase', itemId: string, day: number, eventId = `${personId}-${kind}-${itemId}-${day}`, personalisable = true): Interaction => ({
  personId, itemId, kind, at: T0 + day * DAY, eventId, personalisable, name: INFO[itemId]![0], category: INFO[itemId]![1], price: INFO[itemId]![2],
});

/**
 * Three people, items A, B (tents) and C (a stove):
 *   u1 viewed A (day 0), bought B (day 1)
 *   u2 viewed A (day 0), bought A and C in one order (day 1)
 *   u3 viewed B (day 0), bought C (day 2)
 * interacted: A {u1,u2} 2, B {u1,u3} 2, C {u2,u3} 2;  bought: A {u2} 1, B {u1} 1, C {u2,u3} 2
 * both(x,y) (interacted x and bought y): AA 1, AB 1, AC 1, BB 1, BC 1, CA 1, CC 2, BA 0, CB 0
 * cos = both / √(interacted(x)·bought(y)):  AA = AB = BB = CA = 1/√2,  AC = BC = 1/√4 = 0.5,  CC = 2/√4 = 1
 */
const DATA: Interaction[] = [
  ix('u1', 'view', 'A', 0), ix('u1', 'purchase', 'B', 1, 'o1'),
  ix('u2', 'view', 'A', 0), ix('u2', 'purchase', 'A', 1, 'o2'), ix('u2', 'purchase', 'C', 1, 'o2'),
  ix('u3', 'view', 'B', 0), ix('u3', 'purchase', 'C', 2, 'o3'),
];
const CONFIG = personalizeConfigSchema.parse({ model: { halfLifeDays: 30, popularityHalfLifeDays: 30 } });
const R2 = Math.SQRT1_2;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

describe('co-occurrence and collaborative filtering on a hand-computed dataset', () => {
  test('counts and cosines', () => {
    const co = coOccurrenceOf(DATA);
    assert.deepEqual(Object.fromEntries(co.interacted), { A: 2, B: 2, C: 2 });
    assert.deepEqual(Object.fromEntries(co.bought), { A: 1, B: 1, C: 2 });
    const cos = (x: string, y: string) => cooccurrenceCosine(co, x, y);
    for (const [x, y, want] of [['A', 'A', R2], ['A', 'B', R2], ['B', 'B', R2], ['C', 'A', R2], ['A', 'C', 0.5], ['B', 'C', 0.5], ['C', 'C', 1], ['B', 'A', 0], ['C', 'B', 0]] as const) close(cos(x, y), want, `cos(${x},${y})`);
  });

  test('people who refused personalisation do not count in the co-occurrence', () => {
    const co = coOccurrenceOf(DATA.map((r) => (r.personId === 'u3' ? { ...r, personalisable: false } : r)));
    assert.deepEqual(Object.fromEntries(co.bought), { A: 1, B: 1, C: 1 });
    close(cooccurrenceCosine(co, 'B', 'C'), 0, 'cos(B,C) without u3');
  });

  test('recency weights: half-life 10 d, view 1, purchase 3', () => {
    const now = T0 + 30 * DAY;
    const w = historyWeights([ix('u4', 'view', 'A', 20), ix('u4', 'purchase', 'B', 10), ix('u4', 'view', 'C', 30)], now, { halfLifeDays: 10, viewWeight: 1, purchaseWeight: 3 });
    // A: 1·2^−1 = 0.5; B: 3·2^−2 = 0.75; C at `now` itself is not before now: left out.
    assert.deepEqual(Object.fromEntries(w), { A: 0.5, B: 0.75 });
  });

  test('CF scores: score(y) = Σ w(x)·cos(x,y) with weights {A: 0.5, B: 0.75}', () => {
    const s = collaborativeScores(new Map([['A', 0.5], ['B', 0.75]]), coOccurrenceOf(DATA));
    // B = (0.5 + 0.75)/√2 = 0.883883; C = 0.5·0.5 + 0.75·0.5 = 0.625; A = 0.5/√2 = 0.353553
    assert.deepEqual(s.map((x) => [x.item, x.because, x.people]), [['B', 'B', 1], ['C', 'B', 1], ['A', 'A', 1]]);
    close(s[0]!.score, 1.25 * R2, 'B');
    close(s[1]!.score, 0.625, 'C');
    close(s[2]!.score, 0.5 * R2, 'A');
  });
});

describe('ranked items, rules, consent, offers', () => {
  const model = fitPersonalizeModel(DATA, CONFIG);
  const now = T0 + 3 * DAY;
  const wA = Math.pow(2, -3 / 30); // u1's view of A, 3 days before now
  const wB = 3 * Math.pow(2, -2 / 30); // u1's purchase of B, 2 days before now
  const granted = { granted: true, basis: 'explicit' } as const;

  test('popularity at the latest interaction (day 2), half-life 30 d', () => {
    const p1 = Math.pow(2, -1 / 30);
    assert.deepEqual(model.popular.map((p) => p.item), ['C', 'A', 'B']);
    close(model.popular[0]!.score, 1 + p1, 'C');
    close(model.popular[1]!.score, p1, 'A');
    assert.equal(model.fittedAt, T0 + 2 * DAY);
  });

  test('u1: CF first (B left out: bought), reasons name the history item', () => {
    const r = rankItems(model, 'u1', now, placementRulesSchema.parse({}), 10, granted);
    assert.equal(r.strategy, 'collaborative');
    assert.deepEqual(r.list.map((x) => x.id), ['C', 'A']);
    close(r.list[0]!.score, 0.5 * (wA + wB), 'C');
    close(r.list[1]!.score, wA * R2, 'A');
    assert.equal(r.list[0]!.reason, '1 person who viewed or bought Tent B also bought it (you bought Tent B)');
    assert.equal(r.list[1]!.reason, 'you viewed it; 1 of the 2 people who viewed or bought it bought it');
    const keep = rankItems(model, 'u1', now, placementRulesSchema.parse({ excludePurchased: false }), 10, granted);
    assert.deepEqual(keep.list.map((x) => x.id), ['B', 'C', 'A'], 'B = (wA + wB)/√2 first when purchases are not excluded');
  });

  test('popularityBlend: score = CF + blend × popularity ÷ top popularity', () => {
    const blended = fitPersonalizeModel(DATA, personalizeConfigSchema.parse({ model: { halfLifeDays: 30, popularityHalfLifeDays: 30, popularityBlend: 2 } }));
    const r = rankItems(blended, 'u1', now, placementRulesSchema.parse({}), 10, granted);
    const p = Math.pow(2, -1 / 30);
    // C: 0.5·(wA + wB) + 2·1 (C is the top item); A: wA/√2 + 2·p/(1 + p). A's prior outweighs its CF score.
    assert.deepEqual(r.list.map((x) => [x.id, x.source]), [['C', 'popularity'], ['A', 'popularity']]);
    close(r.list[0]!.score, 0.5 * (wA + wB) + 2, 'C');
    close(r.list[1]!.score, wA * R2 + (2 * p) / (1 + p), 'A');
    assert.equal(r.strategy, 'popularity');
    const small = fitPersonalizeModel(DATA, personalizeConfigSchema.parse({ model: { halfLifeDays: 30, popularityHalfLifeDays: 30, popularityBlend: 0.1 } }));
    assert.deepEqual(rankItems(small, 'u1', now, placementRulesSchema.parse({}), 10, granted).list.map((x) => x.source), ['collaborative', 'collaborative']);
  });

  test('without consent: popularity only, the reason says so, and their own purchases are not even used to filter', () => {
    const a = recommend(model, { personId: 'u1', placementId: 'home', placement: CONFIG.placements.home!, consent: { granted: false, basis: 'explicit' }, now });
    assert.equal(a.strategy, 'popularity');
    assert.deepEqual(a.items.map((x) => x.id), ['C', 'A', 'B']);
    assert.equal(a.items[0]!.reason, 'popular this week: bought 2 times in the last 7 days (not personalised: no personalisation consent)');
    assert.deepEqual(a.consent, { purpose: 'personalisation', granted: false, basis: 'explicit' });
  });

  test('a new person gets popularity; stock and margin rules apply', () => {
    const cat = fitPersonalizeModel(DATA, { ...CONFIG, catalogue: { C: { stock: 0 }, A: { margin: 0.5 }, B: { margin: 0.2 } } });
    const r = rankItems(cat, 'nobody-yet', now, placementRulesSchema.parse({}), 10, granted);
    assert.equal(r.strategy, 'popularity');
    assert.deepEqual(r.list.map((x) => x.id), ['A', 'B'], 'C is out of stock');
    assert.deepEqual(rankItems(cat, 'nobody-yet', now, placementRulesSchema.parse({ minMargin: 0.3 }), 10, granted).list.map((x) => x.id), ['A']);
    const pref = rankItems(cat, 'nobody-yet', now, placementRulesSchema.parse({ inStockOnly: false, marginWeight: 10 }), 10, granted).list;
    // C has no margin (counts 0): 1 + 2^(−1/30) = 1.977; A: 0.977·(1 + 10·0.5) = 5.863; B: 0.977·(1 + 2) = 2.931
    assert.deepEqual(pref.map((x) => x.id), ['A', 'B', 'C']);
    close(pref[0]!.score, Math.pow(2, -1 / 30) * 6, 'A with margin preference');
  });

  test('next best action: expected value = min(1, baseRate × lift) × value', () => {
    const offers = personalizeConfigSchema.parse({
      offers: [{ id: 'tents', name: 'Tent deal', value: 50, baseRate: 0.1, category: 'tents' }, { id: 'any', name: 'Free shipping', value: 5, baseRate: 0.5 }, { id: 'vip', name: 'VIP', value: 1000, eligible: { segment: 'vip' } }],
    }).offers;
    const placement = personalizeConfigSchema.parse({ placements: { o: { kind: 'offers' } } }).placements.o!;
    const a = recommend(model, { personId: 'u1', placementId: 'o', placement, consent: granted, now, offers });
    // Population share of tents: (A + B) / (A + B + C) of popularity = 2p / (2p + 1 + p), p = 2^(−1/30).
    const p = Math.pow(2, -1 / 30);
    const share = (2 * p) / (3 * p + 1);
    // u1's history is all tents: lift = ((w + 5·share) / (w + 5)) / share, w = wA + wB.
    const lift = ((wA + wB + 5 * share) / (wA + wB + 5)) / share;
    assert.equal(a.strategy, 'next-best-action');
    assert.deepEqual(a.items.map((x) => x.id), ['tents', 'any'], 'vip: not in the segment');
    close(a.items[0]!.probability!, 0.1 * lift, 'P(accept)');
    close(a.items[0]!.score, 5 * lift, 'expected value');
    assert.match(a.items[0]!.reason, /^offer: expected value 7\.18 = P\(accept\) 0\.144 × value 50\.00; 1\.44× the average interest in tents$/);
    const vip = recommend(model, { personId: 'u1', placementId: 'o', placement, consent: granted, now, offers, segments: new Set(['vip']) });
    assert.equal(vip.items[0]!.id, 'vip');
    const refused = recommend(model, { personId: 'u1', placementId: 'o', placement, consent: { granted: false, basis: 'default' }, now, offers });
    close(refused.items.find((x) => x.id === 'tents')!.probability!, 0.1, 'base rate without consent');
  });
});

describe('offline evaluation (leave the last order out)', () => {
  // w1 ordered A (day 0), viewed C (day 3), ordered C (day 4, held out). Others: w2 viewed A and
  // bought C; w3 viewed and bought C; w4, w5, w6 bought B — so B is the most popular item, but
  // w1's history (A, C) points at C.
  const data: Interaction[] = [
    ix('w1', 'purchase', 'A', 0, 'x1'), ix('w1', 'view', 'C', 3), ix('w1', 'purchase', 'C', 4, 'x2'), ix('w1', 'view', 'B', 5),
    ix('w2', 'view', 'A', 0), ix('w2', 'purchase', 'C', 1, 'y2'),
    ix('w3', 'view', 'C', 0), ix('w3', 'purchase', 'C', 1, 'y3'),
    ix('w4', 'purchase', 'B', 1, 'y4'), ix('w5', 'purchase', 'B', 2, 'y5'), ix('w6', 'purchase', 'B', 2, 'y6'),
    ix('z1', 'purchase', 'A', 0, 'z1a', false), ix('z1', 'purchase', 'B', 1, 'z1b', false),
  ];

  test('k = 1: the recommender hits C, popularity ranks B and misses', () => {
    const e = evaluateRecommender(data, CONFIG, { k: 1 });
    assert.deepEqual([e.peopleEvaluated, e.skippedNoConsent, e.heldOutItems], [1, 1, 1]);
    assert.deepEqual(e.recommender, { precision: 1, recall: 1, hitRate: 1 });
    assert.deepEqual(e.popularity, { precision: 0, recall: 0, hitRate: 0 });
  });

  test('gapDays: the session before the held-out order is held out too', () => {
    const e = evaluateRecommender(data, CONFIG, { k: 1, gapDays: 2 });
    assert.equal(e.gapDays, 2);
    // w1 keeps only the order of A (day 0): cos(A, C) = 1/√(2·2) through w2 still ranks C first.
    assert.deepEqual(e.recommender, { precision: 1, recall: 1, hitRate: 1 });
  });

  test('k = 2: both find C within two (popularity: B then C; A is excluded as purchased)', () => {
    const e = evaluateRecommender(data, CONFIG, { k: 2 });
    assert.deepEqual(e.recommender, { precision: 0.5, recall: 1, hitRate: 1 });
    assert.deepEqual(e.popularity, { precision: 0.5, recall: 1, hitRate: 1 });
  });
});

describe('the personalize config section', () => {
  test('defaults: placement home = 10 items, exclude purchased, in stock only', () => {
    const c = projectConfigSchema.parse({}).personalize;
    assert.deepEqual(c.placements, { home: { kind: 'items', limit: 10, rules: { excludePurchased: true, inStockOnly: true, marginWeight: 0 } } });
    assert.deepEqual([c.offers, c.model.halfLifeDays, c.model.viewEvent, c.model.purchaseEvent], [[], 30, 'Product Viewed', 'Order Completed']);
  });

  test('errors name the field', () => {
    const bad = projectConfigSchema.safeParse({ personalize: { placements: { home: { kind: 'banner' } }, offers: [{ id: 'a', name: 'A', value: 1 }, { id: 'a', name: 'B', value: 2 }] } });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('personalize.placements.home.kind'), paths.join(', '));
    assert.ok(projectConfigSchema.safeParse({ personalize: { offers: [{ id: 'a', name: 'A', value: 1, baseRate: 2 }] } }).error!.issues.some((i) => i.path.join('.') === 'personalize.offers.0.baseRate'));
    assert.ok(projectConfigSchema.safeParse({ personalize: { placements: { 'no spaces': {} } } }).error!.issues.some((i) => i.path[0] === 'personalize'));
  });
});
