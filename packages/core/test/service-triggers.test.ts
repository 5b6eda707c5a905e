import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  churnRiskProposals, classify, classifyInput, DEFAULT_RULES, failedPaymentProposals, lifecycleProposals, negativeFeedbackProposals, normalizeMessage, projectConfigSchema,
  proposeServiceTasks, repeatedContactProposals, routeServiceOwner, serviceConfigSchema, serviceTaskMessage, type ContactsSignal, type ServiceTask,
} from '../src/index.js';

const cfg = serviceConfigSchema.parse({});
const DAY = 86_400_000;
const now = Date.parse('2026-12-06T12:00:00Z');
const w = { since: now - 7 * DAY, now };
const fb = (messageId: string, text: string, topic: string | null = null) => ({ personId: 'p_1', messageId, at: now - DAY, text, topic });

test('service config: every field defaults; a project section overrides what it names and is checked', () => {
  assert.deepEqual(projectConfigSchema.parse({}).service, cfg);
  assert.deepEqual([cfg.everyMinutes, cfg.sla, cfg.repeatedContacts.count, cfg.repeatedContacts.days, cfg.negativeSentiment.event, cfg.failedPayment.events[0]], [5, { urgent: 4, high: 24, normal: 72, low: 168 }, 3, 14, 'Feedback Submitted', 'Payment Failed']);
  const mine = projectConfigSchema.parse({ service: { sla: { urgent: 1 }, repeatedContacts: { count: 5 } } }).service;
  assert.deepEqual([mine.sla.urgent, mine.sla.low, mine.repeatedContacts.count, mine.repeatedContacts.days], [1, 168, 5, 14]);
  assert.throws(() => projectConfigSchema.parse({ service: { routes: [{ topic: '(', owner: 'x' }] } }), /regular expression/);
  assert.throws(() => projectConfigSchema.parse({ service: { churnRisk: { threshold: 2 } } }), /threshold/);
  assert.throws(() => projectConfigSchema.parse({ service: { unknown: 1 } }));
});

test('negative sentiment: English and Chinese negative feedback make tasks, positive and neutral do not; severe is high; routed by topic; due by SLA', () => {
  const got = negativeFeedbackProposals(cfg, [
    fb('m1', 'The payment page kept failing on my phone.', 'Payment Info Entered'),
    fb('m2', '物流太慢了，非常失望，再也不买了', 'Order Delivered'),
    fb('m3', 'Checkout was quick and simple.', 'Checkout'),
    fb('m4', '配送准时，包装很好', 'Order Delivered'),
    fb('m5', 'I ordered a tent.'),
    fb('m6', 'Terrible, awful service. I hate this and I am furious!!!', null),
    fb('m7', '   '),
  ], w);
  assert.deepEqual(got.map((p) => p.dedupeKey), ['negative_sentiment:m1', 'negative_sentiment:m2', 'negative_sentiment:m6']);
  const [en, zh, severe] = got as [typeof got[0], typeof got[0], typeof got[0]];
  assert.equal(en.owner, 'billing', 'the topic matches the payment route');
  assert.equal(zh.owner, null, 'no route matches: the default owner (none)');
  assert.equal(zh.detail.language, 'zh');
  assert.ok((zh.detail.score as number) <= -0.3);
  assert.equal(severe.priority, 'high');
  assert.equal(en.priority, cfg.negativeSentiment.priority);
  assert.equal(en.dueAt, new Date(now + 72 * 3_600_000).toISOString());
  assert.equal(severe.dueAt, new Date(now + 24 * 3_600_000).toISOString());
  assert.deepEqual(negativeFeedbackProposals(serviceConfigSchema.parse({ negativeSentiment: { enabled: false } }), [fb('m1', 'awful')], w), []);
});

const contacts = (days: number[]): ContactsSignal => ({ personId: 'p_9', contacts: days.map((d, i) => ({ messageId: `c${i}`, at: now - 30 * DAY + d * DAY, event: 'Support Call' })) });

test('repeated contacts: the 3rd contact within 14 days makes one task; exactly 14 days apart is outside; a later burst makes another', () => {
  const wide = { since: 0, now };
  assert.deepEqual(repeatedContactProposals(cfg, [contacts([0, 1, 2, 3, 4])], wide).map((p) => p.dedupeKey), ['repeated_contacts:c2']);
  assert.deepEqual(repeatedContactProposals(cfg, [contacts([0, 7, 14])], wide), [], 'day 0 is exactly 14 days before day 14: outside the window');
  assert.deepEqual(repeatedContactProposals(cfg, [contacts([0, 7, 13.99])], wide).map((p) => p.dedupeKey), ['repeated_contacts:c2']);
  assert.deepEqual(repeatedContactProposals(cfg, [contacts([0, 1])], wide), []);
  // Days 0,1,2 → a task at c2; days 20,21,22 (the first burst out of the window) → another at c5.
  const two = repeatedContactProposals(cfg, [contacts([0, 1, 2, 20, 21, 22])], wide);
  assert.deepEqual(two.map((p) => p.dedupeKey), ['repeated_contacts:c2', 'repeated_contacts:c5']);
  assert.equal(two[0]!.owner, 'support');
  assert.deepEqual((two[0]!.detail.contacts as Array<{ messageId: string }>).map((c) => c.messageId), ['c0', 'c1', 'c2']);
  // Only contacts in the scan's window propose (older ones were proposed by earlier scans).
  assert.deepEqual(repeatedContactProposals(cfg, [contacts([0, 1, 2, 20, 21, 22])], { since: now - 30 * DAY + 10 * DAY, now }).map((p) => p.dedupeKey), ['repeated_contacts:c5']);
  // Unsorted input is sorted first; a custom count.
  const c4 = serviceConfigSchema.parse({ repeatedContacts: { count: 4, days: 7 } });
  const shuffled: ContactsSignal = { personId: 'p', contacts: [...contacts([3, 0, 2, 1]).contacts] };
  assert.deepEqual(repeatedContactProposals(c4, [shuffled], wide).map((p) => p.dedupeKey), ['repeated_contacts:c0'], 'c0 is at day 3, the fourth in time');
});

test('failed payments, churn risk and lifecycle moments', () => {
  const fp = failedPaymentProposals(cfg, [{ personId: 'p_2', messageId: 'pay1', at: now - DAY, event: 'Payment Failed', orderId: 'o-1', amount: 42 }], w);
  assert.deepEqual(fp.map((p) => [p.dedupeKey, p.priority, p.owner, p.title]), [['failed_payment:pay1', 'high', 'billing', 'Payment failed for order o-1']]);

  const scoredAt = now - DAY;
  const churn = churnRiskProposals(cfg, [{ personId: 'a', risk: 0.91, scoredAt, reasons: [] }, { personId: 'b', risk: 0.5, scoredAt, reasons: [] }], w);
  assert.deepEqual(churn.map((p) => [p.personId, p.owner, p.title]), [['a', 'retention', 'Churn risk 91%']]);
  // The next day's run within the cooldown gives the same key; one a cooldown later another.
  const period = (at: number) => churnRiskProposals(cfg, [{ personId: 'a', risk: 0.9, scoredAt: at, reasons: [] }], w)[0]!.dedupeKey;
  const start = Math.floor(scoredAt / (30 * DAY)) * 30 * DAY;
  assert.equal(period(start), period(start + 29 * DAY));
  assert.notEqual(period(start), period(start + 30 * DAY));

  const first = Date.parse('2025-12-03T09:00:00Z');
  const life = lifecycleProposals(cfg, [
    { personId: 'anniv', orders: 1, firstAt: first, lastAt: first, lastMessageId: 'o1' },
    { personId: 'lapsed', orders: 3, firstAt: now - 200 * DAY, lastAt: now - 61 * DAY, lastMessageId: 'o9' },
    { personId: 'long-lapsed', orders: 3, firstAt: now - 300 * DAY, lastAt: now - 90 * DAY, lastMessageId: 'o8' },
    { personId: 'one-order', orders: 1, firstAt: now - 61 * DAY, lastAt: now - 61 * DAY, lastMessageId: 'o7' },
    { personId: 'active', orders: 5, firstAt: now - 100 * DAY, lastAt: now - 2 * DAY, lastMessageId: 'o6' },
  ], w);
  assert.deepEqual(life.map((p) => [p.dedupeKey, p.owner]), [['lifecycle:anniversary:anniv:1', 'customer-success'], ['lifecycle:lapsed:lapsed:o9', 'customer-success']]);
});

test('proposeServiceTasks: every trigger, each key once; re-running the same scan proposes the same keys', () => {
  const signals = {
    feedback: [fb('m1', 'Awful, the worst app ever.'), fb('m1', 'Awful, the worst app ever.')],
    failedPayments: [{ personId: 'p_2', messageId: 'pay1', at: now - DAY, event: 'Payment Failed', orderId: null, amount: null }],
    contacts: [contacts([22, 23, 24])],
    churn: [{ personId: 'a', risk: 0.8, scoredAt: now, reasons: [] }],
    orders: [],
  };
  const once = proposeServiceTasks(cfg, signals, w);
  assert.deepEqual(once.map((p) => p.source), ['negative_sentiment', 'failed_payment', 'repeated_contacts', 'churn_risk']);
  assert.deepEqual(proposeServiceTasks(cfg, signals, w), once);
});

test('routing: first matching rule (source and topic) wins, else the default owner', () => {
  const c = serviceConfigSchema.parse({ defaultOwner: 'cx', routes: [{ source: 'negative_sentiment', topic: '^deliver', owner: 'logistics' }, { topic: 'deliver', owner: 'other' }] });
  assert.equal(routeServiceOwner(c, 'negative_sentiment', 'Delivery late'), 'logistics');
  assert.equal(routeServiceOwner(c, 'churn_risk', 'Late delivery'), 'other');
  assert.equal(routeServiceOwner(c, 'churn_risk', null), 'cx');
});

test('task events: idempotent messageId from the task id; they normalize and classify as support, human', () => {
  const task: ServiceTask = {
    id: 'st_1', dedupeKey: 'k', personId: 'p', title: 't', detail: {}, source: 'failed_payment', priority: 'high', owner: 'billing', status: 'closed',
    dueAt: null, createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-02T00:00:00.000Z', closedAt: '2026-12-02T00:00:00.000Z', resolution: 'Refunded', journeyId: null, runId: null, stepId: null,
  };
  const m = serviceTaskMessage(task, 'closed', { userId: 'u1', anonymousId: null });
  assert.deepEqual([m.messageId, m.event, m.timestamp, (m.properties as Record<string, unknown>).resolution], ['service-task-closed-st_1', 'Service Task Closed', '2026-12-02T00:00:00.000Z', 'Refunded']);
  for (const msg of [m, { ...serviceTaskMessage(task, 'created', { userId: null, anonymousId: 'a1' }), context: {} }]) {
    const r = normalizeMessage(msg, { receivedAt: Date.now(), source: 'service' });
    assert.ok(r.ok);
    const tp = classify(classifyInput(r.value), DEFAULT_RULES);
    assert.deepEqual([tp.channel, tp.type], ['support', 'human'], 'also without context.channel (the default rule on "Service Task …")');
  }
});
