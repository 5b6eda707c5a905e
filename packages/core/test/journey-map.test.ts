import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dwellIsMeaningful,
  MIN_DWELL_VISITS,
  experienceDefinitionSchema,
  experienceReference,
  journeyMapDefinitionSchema,
  journeyMapReference,
  ScoreTally,
  type AnalyticsEvent,
  type SentimentScorer,
} from '../src/index.js';
import { trackEvent } from './track-event.js';

const T0 = Date.UTC(2026, 4, 1);
const S = 1000;
let n = 0;
const ev = (personId: string, at: number, stage: string, channel: string, touchpoint: string, extra: Partial<AnalyticsEvent> = {}): AnalyticsEvent =>
  trackEvent({ messageId: `m${String(++n).padStart(3, '0')}`, personId, timestamp: T0 + at, event: touchpoint, touchpoint, channel, stage, ...extra });

/** The hand-computed fixture of docs/analytics/journey-map.md ("worked example"). */
const FIXTURE: AnalyticsEvent[] = [
  ev('A', -5 * S, 'interest', 'web', 'Identify', { type: 'identify', event: null, traits: { persona: 'mobile_impulse' } }),
  ev('A', 0, 'interest', 'web', 'Product'),
  ev('A', 60 * S, 'interest', 'web', 'Product'),
  ev('A', 120 * S, 'consideration', 'web', 'Checkout'),
  ev('A', 180 * S, 'conversion', 'web', 'Payment'),
  ev('A', 200 * S, 'loyalty', 'email', 'Survey Responded', { event: 'Survey Responded', properties: { survey: 'csat', score: 2, touchpoint: 'Payment' } }),
  ev('A', 10 * 3600 * S, 'interest', 'email', 'Email Opened'),
  ev('B', 0, 'interest', 'web', 'Product'),
  ev('B', 30 * S, 'consideration', 'web', 'Checkout'),
  ev('B', 40 * S, 'loyalty', 'web', 'Feedback Submitted', { event: 'Feedback Submitted', properties: { text: 'bad checkout', language: 'en', touchpoint: 'Checkout' } }),
];
const scorer: SentimentScorer = (text) => ({ score: text.includes('bad') ? -0.75 : 0.5 });

describe('journey map reference on a hand-computed fixture', () => {
  const def = journeyMapDefinitionSchema.parse({ thresholds: { minPeople: 1, minResponses: 1 } });
  const map = journeyMapReference(FIXTURE, def, scorer);
  const cell = (stage: string, channel: string, tp: string) => map.cells.find((c) => c.stage === stage && c.channel === channel && c.touchpoint === tp)!;

  test('cells: people, events, sessions, conversion, dwell, bounce', () => {
    assert.deepEqual(
      map.cells.map((c) => [c.stage, c.channel, c.touchpoint, c.people, c.events, c.sessions, c.converted, c.conversion, c.dwellMedianMs, c.bounces, c.bounceRate]),
      [
        ['interest', 'web', 'Product', 2, 3, 2, 2, 1, 75_000, 0, 0],
        // A bounce (one step, then the session ends) has no measured dwell: it is not a 0 in the median.
        ['interest', 'email', 'Email Opened', 1, 1, 1, 0, 0, null, 1, 1],
        ['consideration', 'web', 'Checkout', 2, 2, 2, 1, 0.5, 60_000, 1, 0.5],
        ['conversion', 'web', 'Payment', 1, 1, 1, 0, 0, null, 1, 1],
      ],
    );
    assert.deepEqual(map.channels, ['web', 'email']);
  });

  test('dwell is meaningful with enough measured visits and a median above 0', () => {
    // Product: 2 measured visits (needs 5); a cell of 5 measured visits of 40 s does; one of 0 ms does not.
    assert.equal(dwellIsMeaningful(cell('interest', 'web', 'Product')), false);
    assert.equal(dwellIsMeaningful({ sessions: 7, bounces: 2, dwellMedianMs: 40_000 }), true);
    assert.equal(dwellIsMeaningful({ sessions: 7, bounces: 3, dwellMedianMs: 40_000 }), false);
    assert.equal(dwellIsMeaningful({ sessions: 9, bounces: 0, dwellMedianMs: 0 }), false);
    assert.equal(dwellIsMeaningful({ sessions: 9, bounces: 9, dwellMedianMs: null }), false);
    assert.equal(MIN_DWELL_VISITS, 5);
  });

  test('stages: distinct people and conversion to a later stage', () => {
    assert.deepEqual(
      map.stages.map((s) => [s.stage, s.people, s.events, s.converted, s.conversion, s.cells]),
      [
        ['interest', 2, 4, 2, 1, 2],
        ['consideration', 2, 2, 1, 0.5, 1],
        ['conversion', 1, 1, 0, 0, 1],
      ],
    );
  });

  test('responses link to cells; the email survey about Payment goes to its web cell', () => {
    assert.equal(cell('consideration', 'web', 'Checkout').experience.sentiment.mean, -0.75);
    assert.deepEqual(cell('conversion', 'web', 'Payment').experience.csat, { n: 1, mean: 2, satisfiedShare: 0 });
    assert.deepEqual(map.totals, { events: 7, responses: 2, unlinkedResponses: 0 });
    assert.deepEqual(
      map.emotionCurve.map((e) => [e.stage, e.responses, e.emotion]),
      [
        ['interest', 0, null],
        ['consideration', 1, -0.75],
        ['conversion', 1, -0.5],
      ],
    );
  });

  test('pain points and opportunities with their evidence', () => {
    assert.deepEqual(
      map.painPoints.map((f) => [f.kind, f.touchpoint, f.value, f.baseline, f.threshold]),
      [
        // No long_dwell on Product: its stage's other cell (Email Opened) is one bounce with no
        // measured dwell, so the stage median is Product's own 75 s (it was 37.5 s with a fake 0).
        ['negative_sentiment', 'Checkout', -0.75, null, -0.2],
        ['drop_off', 'Email Opened', 0, 0.5, 0.1],
        ['low_csat', 'Payment', 0, null, 0.6],
      ],
    );
    assert.deepEqual(map.opportunities.map((f) => [f.kind, f.touchpoint, f.value, f.baseline]), [['high_conversion', 'Product', 1, 0.5]]);
    assert.deepEqual(map.painPoints[1]!.evidence, { people: 1, converted: 0, sessions: 1, events: 1, dropOff: 1 });
  });

  test('segment and period narrow the map', () => {
    const seg = journeyMapReference(FIXTURE, journeyMapDefinitionSchema.parse({ segment: [{ property: 'persona', op: 'eq', value: 'mobile_impulse' }] }), scorer);
    assert.deepEqual(seg.stages.map((s) => s.people), [1, 1, 1]);
    const early = journeyMapReference(FIXTURE, journeyMapDefinitionSchema.parse({ period: { to: new Date(T0 + 100 * S).toISOString() } }), scorer);
    assert.deepEqual(early.cells.map((c) => [c.touchpoint, c.events]), [['Product', 3], ['Checkout', 1]]);
  });

  test('definitions are validated and name the field', () => {
    const r = journeyMapDefinitionSchema.safeParse({ thresholds: { minPeople: 0 } });
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0]!.path, ['thresholds', 'minPeople']);
  });
});

describe('experience scores', () => {
  test('CSAT, NPS, CES and sentiment from counted answers; invalid answers ignored', () => {
    const t = new ScoreTally();
    const g = (survey: string, score: number | null, k = 1) => t.addGroup({ touchpoint: 'x', channel: 'web', group: null, survey, score, text: null, language: null, n: k }, null);
    [10, 9, 8, 6, 0].forEach((s) => g('nps', s));
    g('nps', 11);
    g('csat', 5, 3);
    g('csat', 3);
    g('csat', 0);
    g('ces', 2);
    g('ces', 7);
    g('ces', null);
    t.addGroup({ touchpoint: 'x', channel: 'web', group: null, survey: null, score: null, text: 'meh', language: 'en', n: 4 }, -0.25);
    assert.deepEqual(t.finish(), {
      responses: 15,
      csat: { n: 4, mean: 4.5, satisfiedShare: 0.75 },
      nps: { n: 5, score: 0, promoters: 2, detractors: 2 },
      ces: { n: 2, mean: 4.5 },
      sentiment: { n: 4, mean: -0.25, negativeShare: 1 },
    });
  });

  test('roll-ups per touchpoint, stage and persona', () => {
    const r = experienceReference(FIXTURE, experienceDefinitionSchema.parse({}), scorer);
    assert.deepEqual(r.touchpoints.map((x) => [x.touchpoint, x.stage, x.responses]), [['Checkout', 'consideration', 1], ['Payment', 'conversion', 1]]);
    assert.deepEqual(r.stages.map((x) => [x.stage, x.emotion.emotion]), [['consideration', -0.75], ['conversion', -0.5]]);
    assert.deepEqual(r.groups.map((x) => [x.value, x.csat.n, x.sentiment.n]), [['mobile_impulse', 1, 0], [null, 0, 1]]);
    assert.equal(r.overall.responses, 2);
  });
});
