import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKOUT_EFFECT, fitTwin, generateDemoMessages, simulateTwin, twinProbability, TWIN_CONVERSION as CONV, type TwinJourney } from '../src/index.js';

/**
 * Test helper: demo messages → twin journeys, one per person up to their first order.
 * People are stitched by identify (anonymousId + userId) and alias (previousId → userId) with a
 * union-find. States are track/page/screen messages labelled by event name, else page/screen
 * name; `Payment Info Entered` is split by where it happened (`· mobile web`, `· desktop`,
 * `· app`) so the planted checkout effect has its own rows. The journey converts at the first
 * `Order Completed` (value: its revenue, else total). Segment: the persona trait, else null.
 */
export function demoTwinJourneys(messages: Iterable<Record<string, unknown>>): TwinJourney[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => { const ra = find(a), rb = find(b); if (ra !== rb) parent.set(ra, rb); };
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const kept: Record<string, unknown>[] = [];
  const persona = new Map<string, string>();
  for (const m of messages) {
    const uid = str(m.userId), aid = str(m.anonymousId);
    if (uid) find(uid);
    if (aid) find(aid);
    if (uid && aid) union(aid, uid);
    if (m.type === 'alias' && uid && str(m.previousId)) union(str(m.previousId)!, uid);
    if (m.type === 'identify' && uid) {
      const p = str((m.traits as Record<string, unknown> | undefined)?.persona);
      if (p) persona.set(uid, p);
    }
    if (m.type === 'track' || m.type === 'page' || m.type === 'screen') kept.push(m);
  }
  const byPerson = new Map<string, { t: number; id: string; m: Record<string, unknown> }[]>();
  for (const m of kept) {
    const key = find((str(m.userId) ?? str(m.anonymousId))!);
    const list = byPerson.get(key) ?? [];
    list.push({ t: Date.parse(String(m.timestamp)), id: String(m.messageId), m });
    byPerson.set(key, list);
  }
  const personaOf = new Map<string, string>();
  for (const [uid, p] of persona) personaOf.set(find(uid), p);
  const out: TwinJourney[] = [];
  for (const [key, list] of byPerson) {
    list.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    const states: TwinJourney['states'] = [];
    let converted = false, value = 0, convertedAt: number | null = null;
    for (const { t, m } of list) {
      let label = str(m.event) ?? str(m.name) ?? String(m.type);
      const props = (m.properties ?? {}) as Record<string, unknown>;
      if (label === 'Order Completed') {
        converted = true;
        const v = [props.revenue, props.value, props.total].find((x) => typeof x === 'number');
        value = typeof v === 'number' ? v : 0;
        convertedAt = t;
        break;
      }
      if (label === 'Payment Info Entered') {
        const ctx = (m.context ?? {}) as { channel?: string; device?: { type?: string } };
        label += ctx.channel === 'app' ? ' · app' : ctx.device?.type === 'mobile' ? ' · mobile web' : ' · desktop';
      }
      states.push({ label, stage: '', timestamp: t });
    }
    out.push({ states, converted, value, segment: personaOf.get(key) ?? null, convertedAt });
  }
  return out;
}

const journeys = demoTwinJourneys(generateDemoMessages({ events: 100_000, seed: 1 }));
const model = fitTwin(journeys);
const MOBILE = 'Payment Info Entered · mobile web', APP = 'Payment Info Entered · app', DESKTOP = 'Payment Info Entered · desktop';
const p = (from: string) => twinProbability(model.overall.chain, from, CONV);

test('demo: the fitted chain shows the planted checkout gap (mobile web vs app and desktop)', () => {
  // Planted: 0.26 on mobile web, 0.86 elsewhere (CHECKOUT_EFFECT.completeAfterPayment).
  assert.equal(CHECKOUT_EFFECT.completeAfterPayment.mobile_web, 0.26);
  assert.ok(p(MOBILE) > 0.2 && p(MOBILE) < 0.4, `mobile web ${p(MOBILE)}`);
  assert.ok(p(APP) > 0.75 && p(DESKTOP) > 0.75, `app ${p(APP)} desktop ${p(DESKTOP)}`);
  // The fitted chain reproduces the observed share of people whose journey reaches an order.
  const observed = journeys.filter((j) => j.converted).length / journeys.length;
  const r = simulateTwin(model, [], { draws: 50 });
  assert.ok(r.ok);
  assert.ok(Math.abs(r.value.baseline.conversionRate.estimate - observed) < 1e-9);
});

test('demo: raising mobile-web payment completion to the app rate projects a clear increase', (t) => {
  const r = simulateTwin(model, [{ kind: 'set_transition', from: MOBILE, to: CONV, probability: p(APP) }], { seed: 1 });
  assert.ok(r.ok);
  const ch = r.value.change;
  t.diagnostic(`${journeys.length} journeys; P(order | payment) mobile web ${p(MOBILE).toFixed(3)}, app ${p(APP).toFixed(3)}, desktop ${p(DESKTOP).toFixed(3)}; baseline ${r.value.baseline.conversionRate.estimate.toFixed(4)}, scenario ${r.value.scenario.conversionRate.estimate.toFixed(4)}; change ${ch.conversionRate.estimate.toFixed(4)} [${ch.conversionRate.low.toFixed(4)}, ${ch.conversionRate.high.toFixed(4)}], conversions +${ch.conversions.estimate.toFixed(1)} [${ch.conversions.low.toFixed(1)}, ${ch.conversions.high.toFixed(1)}], revenue +${ch.revenue.estimate.toFixed(0)} [${ch.revenue.low.toFixed(0)}, ${ch.revenue.high.toFixed(0)}]`);
  assert.ok(ch.conversionRate.low > 0, `interval ${JSON.stringify(ch.conversionRate)}`);
  assert.ok(ch.revenue.low > 0 && ch.clv.low > 0);
  assert.equal(r.value.probabilityOfIncrease, 1);
  // Upper bound on paper: every mobile-web payment visit converting at the app rate instead,
  // with none of the failures recovering later. The twin must project less, since some do recover.
  const visits = model.visits[model.states.indexOf(MOBILE)]!;
  const bound = (visits * (p(APP) - p(MOBILE))) / model.journeys;
  t.diagnostic(`upper bound on paper ${bound.toFixed(4)}`);
  assert.ok(ch.conversionRate.estimate > 0.25 * bound && ch.conversionRate.high < bound, `${ch.conversionRate.estimate} vs bound ${bound}`);
  // The same change on desktop (already near the app rate) moves conversion far less.
  const desk = simulateTwin(model, [{ kind: 'set_transition', from: DESKTOP, to: CONV, probability: p(APP) }], { seed: 1 });
  assert.ok(desk.ok && Math.abs(desk.value.change.conversionRate.estimate) < 0.2 * ch.conversionRate.estimate, JSON.stringify(desk.ok && desk.value.change.conversionRate));
});
