import type { AnalyticsEvent } from '@trailmap/core';

/** Small deterministic PRNG (mulberry32) so a failing seed can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

export const RANDOM_EVENTS = ['Product Viewed', 'Cart Added', 'Checkout Started', 'Order Completed', 'Email Opened', 'Support Ticket Opened'] as const;
export const RANDOM_TOUCHPOINTS = ['web_product', 'web_cart', 'web_checkout', 'email_reminder', 'app_home', 'store_visit', 'support_chat'] as const;
export const RANDOM_CHANNELS = ['web', 'email', 'app', 'store', 'support'] as const;
export const RANDOM_STAGES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'] as const;

export interface RandomEventOptions {
  seed: number;
  people?: number;
  /** Events per person, inclusive range. */
  perPerson?: [number, number];
  /** Time span in ms the events fall in (starting 2025-01-06, a Monday). */
  spanMs?: number;
  /** Fraction of events that share their timestamp with the previous event of the person (ties). */
  tieRate?: number;
}

const START = Date.UTC(2025, 0, 6);

/**
 * Random events with the shapes analyses meet: ties, repeats, page/screen names, properties
 * with text, numbers and odd keys, identify calls with traits. Timestamps are whole ms.
 */
export function randomEvents(o: RandomEventOptions): AnalyticsEvent[] {
  const r = rng(o.seed);
  const people = o.people ?? 60;
  const [lo, hi] = o.perPerson ?? [1, 25];
  const span = o.spanMs ?? 30 * 86_400_000;
  const out: AnalyticsEvent[] = [];
  let n = 0;
  for (let p = 0; p < people; p++) {
    const personId = `p_${o.seed}_${p}`;
    let t = START + r.int(0, span);
    const count = r.int(lo, hi);
    const plan = r.pick(['gold', 'silver', 'free'] as const);
    for (let i = 0; i < count; i++) {
      if (!(o.tieRate && r.chance(o.tieRate))) t += r.chance(0.3) ? r.int(1, 3 * 86_400_000) : r.int(1, 45 * 60_000);
      const kind = r.next();
      const type = kind < 0.75 ? 'track' : kind < 0.85 ? 'page' : kind < 0.9 ? 'screen' : 'identify';
      const ev = type === 'track' ? r.pick(RANDOM_EVENTS) : null;
      const name = type === 'page' || type === 'screen' ? r.pick(['Home', 'Product', 'Cart']) : null;
      const props: Record<string, unknown> = {};
      if (r.chance(0.6)) props.plan = r.pick(['gold', 'silver', 'free', "o'hara; --", '会员']);
      if (r.chance(0.5)) props.revenue = r.int(0, 200);
      if (r.chance(0.3)) props['odd "key"'] = r.pick(['x', 'y']);
      if (r.chance(0.2)) props.flag = r.chance(0.5);
      const traits: Record<string, unknown> = type === 'identify' ? { plan: r.chance(0.8) ? plan : r.pick(['gold', 'free']), age: r.int(18, 80) } : {};
      out.push({
        messageId: `m_${o.seed}_${++n}`,
        personId,
        timestamp: t,
        type,
        event: ev,
        name,
        touchpoint: r.pick(RANDOM_TOUCHPOINTS),
        channel: r.pick(RANDOM_CHANNELS),
        touchpointType: 'digital',
        stage: r.pick(RANDOM_STAGES),
        properties: props,
        traits,
        context: {},
      });
    }
  }
  return out;
}
