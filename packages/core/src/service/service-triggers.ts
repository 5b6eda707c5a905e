import { scoreSentiment } from '../experience/sentiment/index.js';
import type { ServiceConfig } from './service-config.schema.js';
import { routeServiceOwner, serviceDueAt } from './service-routing.js';
import type { ChurnSignal, ContactsSignal, FailedPaymentSignal, FeedbackSignal, OrdersSignal, ServiceSignals } from './service-signals.js';
import type { ServiceTaskPriority, ServiceTaskSource } from './service-task.js';

const DAY_MS = 86_400_000;

/** A task a trigger asks for; the dedupe key makes asking twice make one task. */
export interface ServiceTaskProposal {
  dedupeKey: string;
  personId: string;
  title: string;
  source: ServiceTaskSource;
  priority: ServiceTaskPriority;
  owner: string | null;
  dueAt: string;
  /** What routing matched on. */
  topic: string | null;
  detail: Record<string, unknown>;
}

/** The scan's window: signals at or after `since` (ms) up to `now`. */
export interface TriggerWindow {
  since: number;
  now: number;
}

type Base = Omit<ServiceTaskProposal, 'owner' | 'dueAt'>;
const finish = (cfg: ServiceConfig, now: number, p: Base): ServiceTaskProposal => ({ ...p, owner: routeServiceOwner(cfg, p.source, p.topic), dueAt: serviceDueAt(cfg, p.priority, now) });

/** Negative feedback: a sentiment score (the EN/ZH lexicon scorer) at or below the threshold; key: the feedback's messageId. */
export function negativeFeedbackProposals(cfg: ServiceConfig, signals: readonly FeedbackSignal[], w: TriggerWindow): ServiceTaskProposal[] {
  const c = cfg.negativeSentiment;
  if (!c.enabled) return [];
  const out: ServiceTaskProposal[] = [];
  for (const f of signals) {
    if (!f.text.trim()) continue;
    const s = scoreSentiment(f.text);
    if (s.score > c.threshold) continue;
    const priority = s.score <= c.severeBelow ? c.severePriority : c.priority;
    out.push(finish(cfg, w.now, {
      dedupeKey: `negative_sentiment:${f.messageId}`,
      personId: f.personId,
      title: `Negative feedback${f.topic ? ` about ${f.topic}` : ''}`,
      source: 'negative_sentiment',
      priority,
      topic: f.topic,
      detail: { messageId: f.messageId, at: new Date(f.at).toISOString(), text: f.text.slice(0, 1000), score: Math.round(s.score * 1000) / 1000, language: s.language, topic: f.topic },
    }));
  }
  return out;
}

/** Failed payments: one task per failed-payment event; key: its messageId. */
export function failedPaymentProposals(cfg: ServiceConfig, signals: readonly FailedPaymentSignal[], w: TriggerWindow): ServiceTaskProposal[] {
  if (!cfg.failedPayment.enabled) return [];
  return signals.map((p) => finish(cfg, w.now, {
    dedupeKey: `failed_payment:${p.messageId}`,
    personId: p.personId,
    title: `Payment failed${p.orderId ? ` for order ${p.orderId}` : ''}`,
    source: 'failed_payment',
    priority: cfg.failedPayment.priority,
    topic: 'payment',
    detail: { messageId: p.messageId, at: new Date(p.at).toISOString(), event: p.event, orderId: p.orderId, amount: p.amount },
  }));
}

/**
 * Repeated contacts: a contact that is the `count`-th within the `days` before it (the window
 * (t − days, t], so exactly `days` apart is outside) makes a task; key: that contact's messageId.
 * Exactly the N-th, not every later one, so a person calling daily gets one task per burst.
 */
export function repeatedContactProposals(cfg: ServiceConfig, signals: readonly ContactsSignal[], w: TriggerWindow): ServiceTaskProposal[] {
  const c = cfg.repeatedContacts;
  if (!c.enabled) return [];
  const span = c.days * DAY_MS;
  const out: ServiceTaskProposal[] = [];
  for (const s of signals) {
    const cs = [...s.contacts].sort((a, b) => a.at - b.at || (a.messageId < b.messageId ? -1 : 1));
    let lo = 0;
    for (let i = 0; i < cs.length; i++) {
      const t = cs[i]!.at;
      while (cs[lo]!.at <= t - span) lo++;
      if (i - lo + 1 !== c.count || t < w.since) continue;
      const inWindow = cs.slice(lo, i + 1);
      out.push(finish(cfg, w.now, {
        dedupeKey: `repeated_contacts:${cs[i]!.messageId}`,
        personId: s.personId,
        title: `${c.count} support contacts in ${c.days} days`,
        source: 'repeated_contacts',
        priority: c.priority,
        topic: 'support',
        detail: { contacts: inWindow.map((x) => ({ messageId: x.messageId, at: new Date(x.at).toISOString(), event: x.event })), days: c.days },
      }));
    }
  }
  return out;
}

/** Predicted churn: risk at or above the threshold; key: the person and the cooldown period of the scoring run. */
export function churnRiskProposals(cfg: ServiceConfig, signals: readonly ChurnSignal[], w: TriggerWindow): ServiceTaskProposal[] {
  const c = cfg.churnRisk;
  if (!c.enabled) return [];
  return signals
    .filter((s) => s.risk >= c.threshold)
    .map((s) => finish(cfg, w.now, {
      dedupeKey: `churn_risk:${s.personId}:${Math.floor(s.scoredAt / (c.cooldownDays * DAY_MS))}`,
      personId: s.personId,
      title: `Churn risk ${Math.round(s.risk * 100)}%`,
      source: 'churn_risk',
      priority: c.priority,
      topic: 'retention',
      detail: { risk: Math.round(s.risk * 1000) / 1000, scoredAt: new Date(s.scoredAt).toISOString(), reasons: s.reasons },
    }));
}

/** The instant of the k-th anniversary of `first` (UTC calendar; 29 Feb falls on 1 Mar). */
const anniversary = (first: number, k: number): number => {
  const d = new Date(first);
  d.setUTCFullYear(d.getUTCFullYear() + k);
  return d.getTime();
};

/**
 * Lifecycle moments within the window: an anniversary of the first purchase (key: person and
 * year number), and a repeat customer who has now gone `lapsedDays` without an order (key:
 * their last order, so they can lapse again after a new one).
 */
export function lifecycleProposals(cfg: ServiceConfig, signals: readonly OrdersSignal[], w: TriggerWindow): ServiceTaskProposal[] {
  const c = cfg.lifecycle;
  if (!c.enabled) return [];
  const out: ServiceTaskProposal[] = [];
  for (const o of signals) {
    if (c.anniversary) {
      for (let k = 1; k <= 100; k++) {
        const at = anniversary(o.firstAt, k);
        if (at > w.now) break;
        if (at < w.since) continue;
        out.push(finish(cfg, w.now, {
          dedupeKey: `lifecycle:anniversary:${o.personId}:${k}`,
          personId: o.personId,
          title: `${k} year${k === 1 ? '' : 's'} since the first purchase`,
          source: 'lifecycle',
          priority: c.priority,
          topic: 'anniversary',
          detail: { moment: 'anniversary', years: k, firstPurchaseAt: new Date(o.firstAt).toISOString(), orders: o.orders },
        }));
      }
    }
    if (c.lapsedDays > 0 && o.orders >= c.lapsedMinOrders) {
      const at = o.lastAt + c.lapsedDays * DAY_MS;
      if (at >= w.since && at <= w.now) {
        out.push(finish(cfg, w.now, {
          dedupeKey: `lifecycle:lapsed:${o.personId}:${o.lastMessageId}`,
          personId: o.personId,
          title: `No order for ${c.lapsedDays} days`,
          source: 'lifecycle',
          priority: c.priority,
          topic: 'lapsed',
          detail: { moment: 'lapsed', days: c.lapsedDays, lastOrderAt: new Date(o.lastAt).toISOString(), orders: o.orders },
        }));
      }
    }
  }
  return out;
}

/** Every trigger over one scan's signals; a key proposed twice within the scan is kept once. */
export function proposeServiceTasks(cfg: ServiceConfig, s: ServiceSignals, w: TriggerWindow): ServiceTaskProposal[] {
  const all = [
    ...negativeFeedbackProposals(cfg, s.feedback, w),
    ...failedPaymentProposals(cfg, s.failedPayments, w),
    ...repeatedContactProposals(cfg, s.contacts, w),
    ...churnRiskProposals(cfg, s.churn, w),
    ...lifecycleProposals(cfg, s.orders, w),
  ];
  const seen = new Set<string>();
  return all.filter((p) => !seen.has(p.dedupeKey) && (seen.add(p.dedupeKey), true));
}
