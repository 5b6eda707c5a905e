import { CART_RECOVERY_EFFECT, SMS_EFFECT } from './planted-effects.js';

/**
 * Reference measurement of the planted effects from raw messages alone (no generator state):
 * identities are stitched (identify/alias, first userId wins for a shared device), then each
 * effect is computed as docs/demo-data.md defines it. Analytics built on the warehouse should agree.
 */
export interface Rate {
  n: number;
  hits: number;
  rate: number;
}

export interface PersonaStats {
  people: number;
  buyers: number;
  orders: number;
  storeShare: number;
  appShare: number;
  webShare: number;
  medianHoursToFirstOrder: number;
  meanProductViewsBeforeFirstOrder: number;
}

export interface PlantedEffectsReport {
  messages: number;
  people: number;
  orders: number;
  checkout: { web: Rate; webDropOff: number; mobileWebPayment: Rate; desktopPayment: Rate; mobileFailuresWithPaymentFeedback: Rate };
  cartRecovery: { reminded: Rate; notReminded: Rate; ratio: number };
  support: { resolvedRepeat: Rate; unresolvedRepeat: Rate; ratio: number; csatResolved: number; csatUnresolved: number; npsDetractorsUnresolved: Rate };
  personas: Record<string, PersonaStats>;
  sms: { clicked: Rate; notClicked: Rate; ratio: number };
  feedback: { en: number; zh: number };
}

interface Ev {
  type: string;
  label: string | null;
  ts: number;
  props: Record<string, any>;
  ctx: Record<string, any>;
}

const rate = (n: number, hits: number): Rate => ({ n, hits, rate: n ? hits / n : 0 });
const HOUR = 3_600_000;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const obj = (v: unknown): Record<string, any> => (v && typeof v === 'object' ? (v as Record<string, any>) : {});

/** Stitch messages into people: key per person, events sorted by time, persona from traits. */
function stitch(messages: Iterable<Record<string, unknown>>) {
  const raw: { m: Record<string, unknown>; ts: number }[] = [];
  const anonUser = new Map<string, { user: string; ts: number }>();
  for (const m of messages) {
    const ts = Date.parse(String(m.timestamp));
    raw.push({ m, ts });
    const anon = (m.type === 'alias' ? m.previousId : m.anonymousId) as string | undefined;
    const user = m.userId as string | undefined;
    if (anon && user) {
      const cur = anonUser.get(anon);
      if (!cur || ts < cur.ts) anonUser.set(anon, { user, ts });
    }
  }
  const people = new Map<string, Ev[]>();
  const persona = new Map<string, string>();
  for (const { m, ts } of raw) {
    const anon = m.anonymousId as string | undefined;
    const key = (m.userId as string | undefined) ?? (anon && anonUser.get(anon)?.user) ?? `anon:${anon}`;
    const ev: Ev = { type: String(m.type), label: (m.event ?? m.name ?? null) as string | null, ts, props: obj(m.properties), ctx: obj(m.context) };
    if (m.type === 'identify' && typeof obj(m.traits).persona === 'string') persona.set(key, obj(m.traits).persona);
    let list = people.get(key);
    if (!list) people.set(key, (list = []));
    list.push(ev);
  }
  for (const list of people.values()) list.sort((a, b) => a.ts - b.ts);
  let lastTs = -Infinity;
  for (const r of raw) if (r.ts > lastTs) lastTs = r.ts;
  return { people, persona, count: raw.length, lastTs };
}

/** Compute every planted effect over a set of raw demo messages. */
export function measurePlantedEffects(messages: Iterable<Record<string, unknown>>): PlantedEffectsReport {
  const { people, persona, count, lastTs } = stitch(messages);
  const completedOrders = new Set<string>();
  const resolvedTickets = new Set<string>();
  const paymentDevice = new Map<string, string>();
  for (const evs of people.values())
    for (const e of evs) {
      if (e.label === 'Order Completed') completedOrders.add(e.props.order_id);
      if (e.label === 'Support Ticket Resolved') resolvedTickets.add(e.props.ticket_id);
      if (e.label === 'Payment Info Entered' && e.ctx.channel === 'web') paymentDevice.set(e.props.checkout_id, e.ctx.device?.type);
    }
  const isOrder = (e: Ev) => e.label === 'Order Completed';
  const ordersIn = (evs: Ev[], from: number, to: number) => evs.some((e) => isOrder(e) && e.ts > from && e.ts <= to);

  let web = 0, webDone = 0, mob = 0, mobDone = 0, desk = 0, deskDone = 0, mobFail = 0, mobFailFb = 0;
  let remN = 0, remHit = 0, notN = 0, notHit = 0;
  let resN = 0, resHit = 0, unN = 0, unHit = 0, detN = 0, det = 0, smsCN = 0, smsCHit = 0, smsNN = 0, smsNHit = 0;
  const csatRes: number[] = [], csatUn: number[] = [];
  let orders = 0, fbEn = 0, fbZh = 0;
  const byPersona = new Map<string, { people: number; buyers: number; ch: Record<string, number>; ttc: number[]; views: number[] }>();
  const R = CART_RECOVERY_EFFECT;

  for (const [key, evs] of people) {
    // 1. Checkout drop-off by where payment was entered.
    for (const e of evs) {
      if (e.label === 'Feedback Submitted') e.props.language === 'zh' ? fbZh++ : fbEn++;
      if (e.label !== 'Checkout Started' || e.ctx.channel !== 'web') continue;
      const done = completedOrders.has(e.props.order_id);
      web++; if (done) webDone++;
      const dev = paymentDevice.get(e.props.checkout_id);
      if (dev === 'mobile') {
        mob++;
        if (done) mobDone++;
        else {
          mobFail++;
          if (evs.some((f) => f.label === 'Feedback Submitted' && f.props.touchpoint === 'Payment Info Entered' && f.ts >= e.ts && f.ts <= e.ts + 24 * HOUR)) mobFailFb++;
        }
      } else if (dev === 'desktop') { desk++; if (done) deskDone++; }
    }
    // 2. Abandoned carts (adds within 30 min form one cart) and reminder emails.
    const adds = evs.filter((e) => e.label === 'Product Added').map((e) => e.ts);
    for (let i = 0; i < adds.length; i++) {
      const first = adds[i]!;
      while (i + 1 < adds.length && adds[i + 1]! - adds[i]! <= 30 * 60_000) i++;
      const last = adds[i]!;
      if (last + R.recoveryWindowMs > lastTs) continue;
      if (evs.some((e) => isOrder(e) && e.ts >= first && e.ts <= last + R.abandonWindowMs)) continue;
      const reminded = evs.some((e) => e.label === 'Email Sent' && e.props.email_type === 'cart_reminder' && e.ts > last && e.ts <= last + R.reminderWindowMs);
      const converted = ordersIn(evs, last + R.abandonWindowMs, last + R.recoveryWindowMs);
      if (reminded) { remN++; if (converted) remHit++; } else { notN++; if (converted) notHit++; }
    }
    // 3. First support call: resolved or not → repeat purchase after it, CSAT, NPS.
    const call = evs.find((e) => e.label === 'Support Call');
    if (call) {
      const resolved = resolvedTickets.has(call.props.ticket_id);
      const repeat = ordersIn(evs, call.ts, Infinity);
      if (resolved) { resN++; if (repeat) resHit++; } else { unN++; if (repeat) unHit++; }
      for (const s of evs) {
        if (s.label !== 'Survey Responded' || s.props.ticket_id !== call.props.ticket_id) continue;
        if (s.props.survey === 'csat') (resolved ? csatRes : csatUn).push(s.props.score);
        if (s.props.survey === 'nps' && !resolved) { detN++; if (s.props.score <= 6) det++; }
      }
    }
    // 4. Personas: channel of orders, time from first product view to first order, views before it.
    const ps = persona.get(key);
    const orderEvs = evs.filter(isOrder);
    orders += orderEvs.length;
    if (ps) {
      let st = byPersona.get(ps);
      if (!st) byPersona.set(ps, (st = { people: 0, buyers: 0, ch: {}, ttc: [], views: [] }));
      st.people++;
      for (const o of orderEvs) st.ch[o.ctx.channel] = (st.ch[o.ctx.channel] ?? 0) + 1;
      const firstOrder = orderEvs[0];
      if (firstOrder) {
        st.buyers++;
        const pvs = evs.filter((e) => e.label === 'Product Viewed' && e.ts < firstOrder.ts);
        st.views.push(pvs.length);
        if (pvs[0]) st.ttc.push((firstOrder.ts - pvs[0].ts) / HOUR);
      }
    }
    // 5. SMS: orders within 14 days of a send, clicked vs not clicked.
    const clicked = new Set(evs.filter((e) => e.label === 'SMS Clicked').map((e) => e.props.sms_id));
    for (const s of evs) {
      if (s.label !== 'SMS Sent' || s.ts + SMS_EFFECT.conversionWindowMs > lastTs) continue;
      const conv = ordersIn(evs, s.ts, s.ts + SMS_EFFECT.conversionWindowMs);
      if (clicked.has(s.props.sms_id)) { smsCN++; if (conv) smsCHit++; } else { smsNN++; if (conv) smsNHit++; }
    }
  }

  const personas: Record<string, PersonaStats> = {};
  for (const [name, st] of [...byPersona].sort(([a], [b]) => a.localeCompare(b))) {
    const total = Object.values(st.ch).reduce((a, b) => a + b, 0) || 1;
    personas[name] = {
      people: st.people, buyers: st.buyers, orders: total,
      storeShare: (st.ch.store ?? 0) / total, appShare: (st.ch.app ?? 0) / total, webShare: (st.ch.web ?? 0) / total,
      medianHoursToFirstOrder: median(st.ttc), meanProductViewsBeforeFirstOrder: mean(st.views),
    };
  }
  const reminded = rate(remN, remHit), notReminded = rate(notN, notHit);
  const resolvedRepeat = rate(resN, resHit), unresolvedRepeat = rate(unN, unHit);
  const smsC = rate(smsCN, smsCHit), smsN = rate(smsNN, smsNHit);
  return {
    messages: count,
    people: people.size,
    orders,
    checkout: {
      web: rate(web, webDone), webDropOff: web ? 1 - webDone / web : 0,
      mobileWebPayment: rate(mob, mobDone), desktopPayment: rate(desk, deskDone), mobileFailuresWithPaymentFeedback: rate(mobFail, mobFailFb),
    },
    cartRecovery: { reminded, notReminded, ratio: reminded.rate / (notReminded.rate || NaN) },
    support: {
      resolvedRepeat, unresolvedRepeat, ratio: resolvedRepeat.rate / (unresolvedRepeat.rate || NaN),
      csatResolved: mean(csatRes), csatUnresolved: mean(csatUn), npsDetractorsUnresolved: rate(detN, det),
    },
    personas,
    sms: { clicked: smsC, notClicked: smsN, ratio: smsC.rate / (smsN.rate || NaN) },
    feedback: { en: fbEn, zh: fbZh },
  };
}
