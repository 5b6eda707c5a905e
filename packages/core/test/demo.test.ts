import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CART_RECOVERY_EFFECT, CHECKOUT_EFFECT, DEFAULT_RULES, classify, classifyInput, feedbackPhrases, generateDemoMessages,
  measurePlantedEffects, normalizeMessage, type NormalizedEvent,
} from '../src/index.js';

const gen = (events: number, seed: number, extra: { start?: string; days?: number } = {}) => [...generateDemoMessages({ events, seed, ...extra })];
const BIG = gen(50_000, 1);
const report = measurePlantedEffects(BIG);
const receivedAt = Date.parse('2027-01-01T00:00:00.000Z');
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const props = (m: Record<string, unknown>) => (m.properties ?? {}) as Record<string, unknown>;

test('yields exactly the requested number of messages, with unique deterministic ids', () => {
  for (const n of [0, 1, 7, 1234]) assert.equal(gen(n, 5).length, n);
  assert.equal(BIG.length, 50_000);
  const ids = new Set(BIG.map((m) => m.messageId));
  assert.equal(ids.size, BIG.length);
  assert.equal(BIG[0]!.messageId, 'demo-1-0');
  assert.equal(BIG[49_999]!.messageId, 'demo-1-49999');
});

test('same options give byte-identical output; another seed gives different output', () => {
  const a = JSON.stringify(gen(5000, 42));
  const b = JSON.stringify(gen(5000, 42));
  assert.equal(a, b);
  assert.notEqual(JSON.stringify(gen(5000, 43)), a);
  // A smaller run is a prefix of a larger one: people are generated one journey at a time.
  assert.equal(JSON.stringify(gen(2000, 42)), JSON.stringify(gen(5000, 42).slice(0, 2000)));
});

test('rejects nonsense options', () => {
  assert.throws(() => gen(-1, 1), RangeError);
  assert.throws(() => gen(1.5, 1), RangeError);
  assert.throws(() => gen(10, Number.NaN), RangeError);
  assert.throws(() => gen(10, 1, { start: 'not a date' }), RangeError);
  assert.throws(() => gen(10, 1, { days: 0 }), RangeError);
});

test('every message passes normalizeMessage', () => {
  const bad: string[] = [];
  for (const m of BIG) {
    const r = normalizeMessage(m, { receivedAt, source: 'demo' });
    if (!r.ok) bad.push(`${String(m.messageId)}: ${r.error.map((p) => p.message).join('; ')}`);
  }
  assert.deepEqual(bad.slice(0, 5), []);
});

test('timestamps stay inside [start, start + days], also for a custom window', () => {
  const inWindow = (msgs: Record<string, unknown>[], start: string, days: number) => {
    const s = Date.parse(start), e = s + days * 86_400_000;
    return msgs.every((m) => {
      const t = Date.parse(String(m.timestamp));
      return t >= s && t <= e;
    });
  };
  assert.ok(inWindow(BIG, '2026-05-01T00:00:00.000Z', 180));
  assert.ok(inWindow(gen(20_000, 9, { start: '2025-01-15T00:00:00.000Z', days: 30 }), '2025-01-15T00:00:00.000Z', 30));
});

test('all message types, channels and both feedback languages appear', () => {
  const types = new Set(BIG.map((m) => m.type));
  for (const t of ['track', 'identify', 'page', 'screen', 'group', 'alias']) assert.ok(types.has(t), `missing ${t}`);
  const events = new Set(BIG.map((m) => str(m.event)).filter(Boolean));
  for (const e of ['Ad Impression', 'Ad Clicked', 'Social Post Viewed', 'Email Opened', 'Email Link Clicked', 'SMS Clicked',
    'Products Searched', 'Product Viewed', 'Product Added', 'Cart Viewed', 'Checkout Started', 'Payment Info Entered',
    'Order Completed', 'Order Refunded', 'Store Visited', 'Store Purchase', 'Support Ticket Opened', 'Support Call',
    'Support Chat Started', 'Support Ticket Resolved', 'Survey Responded', 'Feedback Submitted', 'Consent Updated',
    'Review Posted', 'Referral Sent']) assert.ok(events.has(e), `missing event ${e}`);
  const fb = BIG.filter((m) => m.event === 'Feedback Submitted').map(props);
  const zh = fb.filter((p) => p.language === 'zh');
  assert.ok(zh.length > 0 && fb.length - zh.length > 0);
  assert.ok(zh.length / fb.length > 0.05 && zh.length / fb.length < 0.3, `zh share ${zh.length / fb.length}`);
  assert.ok(zh.every((p) => /[\u4e00-\u9fff]/.test(String(p.text))));
  assert.ok(feedbackPhrases('en').length >= 35 && feedbackPhrases('zh').length >= 35);
  const surveys = BIG.filter((m) => m.event === 'Survey Responded').map(props);
  const range = { csat: [1, 5], nps: [0, 10], ces: [1, 7] } as Record<string, [number, number]>;
  for (const s of surveys) {
    const [lo, hi] = range[String(s.survey)]!;
    assert.ok(Number.isInteger(s.score) && (s.score as number) >= lo && (s.score as number) <= hi, JSON.stringify(s));
  }
});

test('every message classifies to a real channel with the default touchpoint rules', () => {
  const other: string[] = [];
  for (const m of BIG.slice(0, 10_000)) {
    const r = normalizeMessage(m, { receivedAt, source: 'demo' });
    if (!r.ok) continue;
    const tp = classify(classifyInput(r.value as NormalizedEvent), DEFAULT_RULES);
    if (tp.channel === 'other') other.push(`${r.value.type} ${r.value.event ?? r.value.name}`);
    if (String(m.event).startsWith('Store ')) assert.equal(tp.channel, 'store');
    if (String(m.event).startsWith('Support ')) assert.equal(tp.channel, 'support');
  }
  assert.deepEqual(other.slice(0, 5), []);
});

test('identity: identify stitches anonymous ids, some people use two devices, alias links ids', () => {
  const userAnons = new Map<string, Set<string>>();
  for (const m of BIG) {
    if (m.type === 'identify' && m.userId && m.anonymousId) {
      const set = userAnons.get(String(m.userId)) ?? new Set<string>();
      set.add(String(m.anonymousId));
      userAnons.set(String(m.userId), set);
    }
  }
  assert.ok(userAnons.size > 300);
  assert.ok([...userAnons.values()].some((s) => s.size >= 2), 'someone identified on two devices');
  const anonSeen = new Set(BIG.map((m) => str(m.anonymousId)).filter(Boolean));
  const aliases = BIG.filter((m) => m.type === 'alias');
  assert.ok(aliases.length > 0 && aliases.every((a) => anonSeen.has(String(a.previousId)) && typeof a.userId === 'string'));
  assert.ok(report.people < userAnons.size * 2, 'most people are eventually known');
});

test('consent: most allow analytics, about 30% refuse marketing', () => {
  const byPerson = new Map<string, Record<string, boolean>>();
  for (const m of BIG) {
    if (m.type !== 'identify') continue;
    const ctx = m.context as { consent?: { categoryPreferences?: Record<string, boolean> } };
    const prefs = ctx.consent?.categoryPreferences;
    if (prefs && !byPerson.has(String(m.userId))) byPerson.set(String(m.userId), prefs);
  }
  const all = [...byPerson.values()];
  const share = (k: string) => all.filter((p) => p[k] === true).length / all.length;
  assert.ok(share('analytics') > 0.9, `analytics ${share('analytics')}`);
  assert.ok(share('marketing') > 0.6 && share('marketing') < 0.8, `marketing ${share('marketing')}`);
});

test('planted effect 1: web checkout drop-off ~55%, far worse when paying on mobile web, with payment complaints', () => {
  const c = report.checkout;
  assert.ok(c.web.n > 300);
  assert.ok(Math.abs(c.webDropOff - CHECKOUT_EFFECT.expectedWebDropOff) < 0.07, `drop-off ${c.webDropOff}`);
  assert.ok(c.mobileWebPayment.rate < 0.5 * c.desktopPayment.rate, `mobile ${c.mobileWebPayment.rate} vs desktop ${c.desktopPayment.rate}`);
  assert.ok(c.mobileFailuresWithPaymentFeedback.rate > 0.25, `complaints ${c.mobileFailuresWithPaymentFeedback.rate}`);
  const texts = BIG.filter((m) => m.event === 'Feedback Submitted' && props(m).touchpoint === 'Payment Info Entered').map((m) => String(props(m).text));
  assert.ok(texts.some((t) => /payment page kept failing/i.test(t)));
  assert.ok(texts.some((t) => t.includes('支付页面一直出错')));
});

test('planted effect 2: a cart reminder within 24 h about doubles recovery', () => {
  const r = report.cartRecovery;
  assert.ok(r.reminded.n > 150 && r.notReminded.n > 150, JSON.stringify(r));
  assert.ok(r.ratio >= 1.6, `ratio ${r.ratio}`);
  // The measurement is sensitive: without the reminder emails nobody counts as reminded.
  const stripped = BIG.filter((m) => !(m.event === 'Email Sent' && props(m).email_type === 'cart_reminder'));
  assert.equal(measurePlantedEffects(stripped).cartRecovery.reminded.n, 0);
  assert.ok(CART_RECOVERY_EFFECT.recoverIfOpened > CART_RECOVERY_EFFECT.recoverIfNotReminded);
});

test('planted effect 3: resolved support calls keep customers, unresolved ones churn and score low', () => {
  const s = report.support;
  assert.ok(s.resolvedRepeat.n > 20 && s.unresolvedRepeat.n > 10, JSON.stringify(s));
  assert.ok(s.resolvedRepeat.rate > 2 * s.unresolvedRepeat.rate);
  assert.ok(s.csatUnresolved <= 2.2 && s.csatResolved >= 3.8, `csat ${s.csatResolved} / ${s.csatUnresolved}`);
});

test('planted effect 4: personas differ in channel, speed and research', () => {
  const p = report.personas;
  const sf = p.store_first!, mi = p.mobile_impulse!, rs = p.researcher!;
  assert.ok(sf.storeShare > 0.7, `store_first store share ${sf.storeShare}`);
  assert.ok(mi.appShare > 0.7, `mobile_impulse app share ${mi.appShare}`);
  assert.ok(mi.medianHoursToFirstOrder < 2 && rs.medianHoursToFirstOrder > 24 * 7);
  for (const [name, st] of Object.entries(p)) {
    if (name !== 'researcher') assert.ok(rs.meanProductViewsBeforeFirstOrder > 1.5 * st.meanProductViewsBeforeFirstOrder, name);
  }
});

test('planted effect 5: SMS clickers convert at nearly the same rate as recipients who did not click', () => {
  const s = report.sms;
  assert.ok(s.clicked.n > 50 && s.notClicked.n > 200);
  assert.ok(Math.abs(s.clicked.rate - s.notClicked.rate) < 0.08, JSON.stringify(s));
});
