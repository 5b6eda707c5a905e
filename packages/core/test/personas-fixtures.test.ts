import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  kmeans,
  personaAssignments,
  personaDefinitionSchema,
  personaMatrix,
  personaRaw,
  personas,
  sampleIndices,
  silhouetteScore,
  standardiseFeatures,
  type AnalyticsEvent,
} from '../src/index.js';
import { trackEvent } from './track-event.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 2, 1);
let n = 0;
const ev = (personId: string, day: number, event: string, o: Partial<AnalyticsEvent> = {}) =>
  trackEvent({ messageId: `m${++n}`, personId, timestamp: T0 + day * DAY + 3600_000, event, touchpoint: 'tp', ...o });

describe('silhouette by hand', () => {
  test('four points on a line: 0, 1 | 5, 7', () => {
    // s(0) = (6 − 1)/6, s(1) = (5 − 1)/5, s(5) = (4.5 − 2)/4.5, s(7) = (6.5 − 2)/6.5
    const expected = (5 / 6 + 4 / 5 + 5 / 9 + 9 / 13) / 4;
    assert.ok(Math.abs(silhouetteScore([[0], [1], [5], [7]], [0, 0, 1, 1]) - expected) < 1e-15);
  });
  test('a point alone in its cluster scores 0 but counts in the mean', () => {
    // s(0) = (5 − 1)/5, s(1) = (4 − 1)/4, s(5) = 0
    assert.ok(Math.abs(silhouetteScore([[0], [1], [5]], [0, 0, 1]) - (0.8 + 0.75) / 3) < 1e-15);
  });
  test('two-dimensional, five points (3-4-5 triangles)', () => {
    // A = (0,0), B = (0,3) | C = (4,0), D = (4,3), E = (8,0)
    const X = [[0, 0], [0, 3], [4, 0], [4, 3], [8, 0]];
    const sA = ((4 + 5 + 8) / 3 - 3) / ((4 + 5 + 8) / 3);
    const sB = ((5 + 4 + Math.hypot(8, 3)) / 3 - 3) / ((5 + 4 + Math.hypot(8, 3)) / 3);
    const aC = (3 + 4) / 2, bC = (4 + 5) / 2;
    const aD = (3 + 5) / 2, bD = (5 + 4) / 2;
    const aE = (4 + 5) / 2, bE = (8 + Math.hypot(8, 3)) / 2;
    const expected = (sA + sB + (bC - aC) / Math.max(aC, bC) + (bD - aD) / Math.max(aD, bD) + (bE - aE) / Math.max(aE, bE)) / 5;
    assert.ok(Math.abs(silhouetteScore(X, [0, 0, 1, 1, 1]) - expected) < 1e-15);
  });
  test('one cluster is refused', () => assert.throws(() => silhouetteScore([[0], [1]], [0, 0]), RangeError));
});

describe('k-means', () => {
  test('two obvious blobs split into their blobs, same seed same answer', () => {
    const X = [[0, 0], [0.2, 0.1], [0.1, 0.3], [10, 10], [10.2, 9.9], [9.8, 10.1]];
    const r = kmeans(X, 2, { seed: 5 });
    assert.equal(new Set(r.labels.slice(0, 3)).size, 1);
    assert.equal(new Set(r.labels.slice(3)).size, 1);
    assert.notEqual(r.labels[0], r.labels[3]);
    assert.deepEqual(kmeans(X, 2, { seed: 5 }), r);
    // inertia by hand: blob 1 centre (0.1, 0.1333…), blob 2 centre (10, 10)
    const c1 = [0.1, 0.4 / 3];
    const by = (p: number[], c: number[]) => (p[0]! - c[0]!) ** 2 + (p[1]! - c[1]!) ** 2;
    const expected = X.slice(0, 3).reduce((s, p) => s + by(p, c1), 0) + X.slice(3).reduce((s, p) => s + by(p, [10, 10]), 0);
    assert.ok(Math.abs(r.inertia - expected) < 1e-12);
  });
  test('k above the number of points is refused', () => assert.throws(() => kmeans([[1]], 2), RangeError));
});

describe('features', () => {
  const events = [
    ev('a', 0, 'Product Viewed', { channel: 'app', properties: { category: 'tents' } }),
    ev('a', 1, 'Order Completed', { channel: 'app', properties: { revenue: 120 } }),
    ev('a', 2, 'Order Completed', { channel: 'web', properties: { revenue: '30.5' } }),
    ev('a', 3, 'Review Posted', { channel: 'app', properties: { rating: 4 } }),
    ev('b', 5, 'Product Viewed', { channel: 'web', properties: { category: 'boots' } }),
    ev('b', 6, 'Product Viewed', { channel: 'web', properties: { category: 'tents' } }),
    ev('b', 6, 'Order Completed', { channel: 'web', properties: { revenue: 'n/a' } }),
    ev('c', 9, 'Email Opened', { channel: 'email' }),
    ev('c', 30, 'Email Opened', { channel: 'email' }), // after the as-of day: left out
  ];
  const def = personaDefinitionSchema.parse({ asOf: '2025-03-10' });

  test('a channel or category named __proto__ is counted like any other value', () => {
    const odd = [ev('z', 1, 'Product Viewed', { channel: '__proto__', properties: { category: '__proto__' } }), ev('z', 2, 'Product Viewed', { channel: 'web', properties: { category: 'constructor' } })];
    const [r] = personaRaw(odd, def);
    assert.deepEqual([Object.entries(r!.mix).sort(), Object.entries(r!.categories).sort()], [[['__proto__', 1], ['web', 1]], [['__proto__', 1], ['constructor', 1]]]);
    assert.deepEqual(personaMatrix([r!], def).features.map((f) => f.name).filter((x) => x.includes('__proto__')), ['channel:__proto__', 'category:__proto__']);
  });

  test('raw behaviour and the matrix in original units', () => {
    const raw = personaRaw(events, def);
    assert.deepEqual(raw.map((r) => [r.personId, r.events, r.value, { ...r.mix }, { ...r.categories }, r.sentimentSum, r.sentimentCount]), [
      ['a', 4, 150.5, { app: 3, web: 1 }, { tents: 1 }, 4, 1],
      ['b', 3, 0, { web: 3 }, { boots: 1, tents: 1 }, 0, 0],
      ['c', 1, 0, { email: 1 }, {}, 0, 0],
    ]);
    const m = personaMatrix(raw, def);
    assert.deepEqual(m.features.map((f) => f.name), ['frequency', 'recency_days', 'value', 'channel:app', 'channel:email', 'channel:web', 'category:boots', 'category:tents', 'sentiment']);
    assert.deepEqual(m.rows, [
      [4, 6, 150.5, 0.75, 0, 0.25, 0, 1, 4],
      [3, 3, 0, 0, 0, 1, 0.5, 0.5, 4], // no rating: the mean of the rated (4)
      [1, 0, 0, 0, 1, 0, 0, 0, 4],
    ]);
    assert.equal(m.sentimentImputed, 2);
    const st = standardiseFeatures(m.rows, m.features.map((f) => f.name));
    assert.deepEqual(st.dropped, ['sentiment']);
    // frequency: mean 8/3, population sd sqrt(((4/3)² + (1/3)² + (5/3)²)/3)
    const sd = Math.sqrt((16 / 9 + 1 / 9 + 25 / 9) / 3);
    assert.ok(Math.abs(st.z[0]![0]! - (4 / 3) / sd) < 1e-12);
  });

  test('seeded sample: m distinct sorted indices, all when m ≥ n', () => {
    const s = sampleIndices(100, 10, 3);
    assert.equal(new Set(s).size, 10);
    assert.deepEqual(s, [...s].sort((a, b) => a - b));
    assert.deepEqual(sampleIndices(5, 10, 3), [0, 1, 2, 3, 4]);
    assert.deepEqual(sampleIndices(100, 10, 3), s);
  });
});

describe('personas from events', () => {
  // Two obvious groups: frequent big app buyers, and occasional web browsers who buy little.
  const events: AnalyticsEvent[] = [];
  for (let p = 0; p < 4; p++) {
    for (let i = 0; i < 10 + p; i++) events.push(ev(`app${p}`, 20 + i, i % 3 === 0 ? 'Order Completed' : 'Product Viewed', { channel: 'app', properties: { revenue: 200 + p } }));
  }
  for (let p = 0; p < 4; p++) {
    for (let i = 0; i < 1 + (p % 2); i++) events.push(ev(`web${p}`, 2 + i + p, i === 0 ? 'Order Completed' : 'Product Viewed', { channel: 'web', properties: { revenue: 10 + p } }));
  }
  const def = personaDefinitionSchema.parse({ asOf: '2025-04-10', seed: 1 });

  test('k = 2 by silhouette; clusters, centroids in original units, names in both languages', () => {
    const r = personas(events, def);
    assert.equal(r.k, 2);
    assert.deepEqual(r.byK.map((b) => b.k), [2, 3, 4, 5, 6, 7]); // capped at people − 1
    assert.ok(r.byK.every((b) => r.byK[0]!.silhouette >= b.silhouette));
    assert.equal(r.silhouette.exact, true);
    assert.deepEqual(r.clusters.map((c) => c.size), [4, 4]);
    const app = r.clusters.find((c) => c.centroid['channel:app'] === 1)!;
    assert.equal(app.centroid.frequency, (10 + 11 + 12 + 13) / 4);
    assert.equal(app.traits.length, 3);
    assert.ok(app.traits.every((t) => Math.abs(t.z) >= 0.5));
    const words = app.traits.map((t) => t.en);
    assert.ok(words.includes('frequent') || words.includes('high-value') || words.includes('mostly app') || words.includes('recently active'), words.join());
    assert.match(app.name.zh, /[\u4e00-\u9fff]/);
    assert.ok(app.description.en.endsWith('.'));
    const as = personaAssignments(r);
    assert.equal(as.length, 8);
    assert.deepEqual(as.filter((a) => a.personId.startsWith('app')).map((a) => a.name), Array(4).fill(app.name));
    assert.deepEqual(personas(events, def), r, 'same seed, same answer');
  });

  test('too few people or no varying feature: a note, no clusters', () => {
    const few = personas(events.filter((e) => e.personId === 'app0' || e.personId === 'web0'), def);
    assert.equal(few.k, null);
    assert.match(few.note!, /fewer than 3/);
  });
});
