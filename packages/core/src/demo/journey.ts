import { afterOrder } from './after-purchase.js';
import { CLUBS } from './catalogue.js';
import { cartAndCheckout, recover, storeVisit } from './commerce.js';
import { DAY, HOUR, login, sessionDevice, sessionTime, step, type J, type Order } from './context.js';
import { consentAt, createPerson, type Device, type Person } from './people.js';
import { SUPPORT_EFFECT } from './planted-effects.js';
import type { Awareness, PurchaseChannel } from './personas.js';
import type { Rng } from './prng.js';
import { awareness, browse, pickCategory, type Landing } from './sessions.js';
import { newsletters, smsCampaigns } from './streams.js';
import { JourneyWriter, type Pending } from './writer.js';

/** One person's whole life with Northwind: shopping episodes, then the marketing streams. */
export interface Journey {
  person: Person;
  messages: Pending[];
}

interface EpisodeResult {
  end: number;
  order: Order | undefined;
  ticket: { resolved: boolean; closedAt: number } | undefined;
}

/** Account sign-up during a session, before any purchase. */
function signUp(j: J, t: number, d: Device): void {
  if (Number.isFinite(j.p.knownAt)) return;
  j.w.identify(t, d);
  j.w.track(t + 1000, d, 'Signed Up', { method: 'email' });
}

/** One shopping episode: awareness, consideration sessions, a decision online or in store. */
function episode(j: J, t: number, first: boolean, earlySignup: boolean): EpisodeResult {
  const { p, rng } = j;
  const pe = p.persona;
  let channel: PurchaseChannel = rng.weighted(pe.purchase);
  if (channel === 'app' && !p.app) channel = 'web';
  if (channel === 'store' && !p.homeStore) channel = 'web';
  const kind: Awareness = first ? rng.weighted(pe.awareness) : rng.weighted([['organic', 0.6], ['ad', 0.25], ['social', 0.15]] as const);
  if (kind === 'store' && p.homeStore) channel = 'store';
  const intent = rng.chance(Math.min(0.97, pe.conversion * j.convFactor));
  const category = pickCategory(j);
  const sessions = kind === 'store' ? 0 : rng.int(pe.sessions[0], pe.sessions[1]);
  const span = rng.float(pe.considerationDays[0], pe.considerationDays[1]) * DAY;
  const d0 = sessionDevice(j, channel === 'app' || (!!p.app && rng.chance(0.3)));
  const aw = kind === 'store' ? { t, landing: {} as Landing } : awareness(j, kind, t, d0, category);
  let cur = aw.t;
  for (let i = 0; i < sessions; i++) {
    const d = i === 0 ? d0 : sessionDevice(j, !!p.app && rng.chance(channel === 'app' ? 0.7 : 0.25));
    const st = i === 0 ? cur : Math.max(sessionTime(j, t + (span * i) / sessions), cur + HOUR);
    if (Number.isFinite(p.knownAt) && st < d.boundAt && rng.chance(0.35)) login(j, st, d);
    const b = browse(j, d, st, rng.int(pe.viewsPerSession[0], pe.viewsPerSession[1]), category, i === 0 ? aw.landing : undefined, rng.chance(pe.searchRate));
    cur = b.t;
    if (earlySignup && i === 0) signUp(j, (cur += step(j)), d);
  }
  const decideAt = sessions === 0 ? cur : sessionTime(j, Math.max(t + span, cur + HOUR));
  let order: Order | undefined;
  let device: Device | undefined;
  let end: number;
  if (channel === 'store') {
    const r = storeVisit(j, decideAt, intent);
    order = r.order;
    end = r.t;
  } else {
    device = sessions === 0 ? d0 : sessionDevice(j, channel === 'app');
    if (Number.isFinite(p.knownAt) && decideAt < device.boundAt && rng.chance(0.35)) login(j, decideAt, device);
    const landing = sessions === 0 ? aw.landing : undefined;
    const b = browse(j, device, decideAt, rng.int(1, 2), category, landing, sessions === 0 && rng.chance(pe.searchRate));
    end = b.t;
    if (earlySignup && sessions === 0) signUp(j, (end += step(j)), device);
    if (intent || rng.chance(0.85)) {
      const r = cartAndCheckout(j, device, end + step(j), intent, b.viewed, category);
      end = r.t;
      order = r.order ?? recover(j, r.t, r.items);
    }
  }
  const ticket = order ? afterOrder(j, order, device) : undefined;
  return { end: Math.max(end, order?.ts ?? 0, ticket?.closedAt ?? 0), order, ticket };
}

/** Simulate one person from their first touch (somewhere in the window) to the window's end. */
export function simulateJourney(rng: Rng, seed: number, index: number, startMs: number, endMs: number, previous: Person | undefined): Journey {
  const t0 = Math.round(startMs + rng.next() * (endMs - startMs) * 0.92);
  const p = createPerson(rng, seed, index, t0, previous);
  const w = new JourneyWriter(p, endMs);
  const j: J = { rng, p, w, seed, endMs, seq: 0, convFactor: 1, churnedAt: Infinity };
  const pe = p.persona;
  const earlySignup = rng.chance(pe.earlySignup);
  let episodes = rng.int(pe.episodes[0], pe.episodes[1]);
  let orders = 0;
  let t = t0;
  for (let e = 0; e < episodes && t < endMs && t < j.churnedAt; e++) {
    const r = episode(j, t, e === 0, earlySignup);
    if (r.order && ++orders === 2 && rng.chance(0.25)) relationshipNps(j, r.order);
    if (r.ticket?.resolved) {
      episodes += SUPPORT_EFFECT.resolvedExtraEpisodes;
      j.convFactor = SUPPORT_EFFECT.resolvedConversionBoost;
    } else if (r.ticket) {
      if (rng.chance(SUPPORT_EFFECT.unresolvedChurnRate)) churn(j, r.ticket.closedAt);
      else j.convFactor = SUPPORT_EFFECT.unresolvedConversionPenalty;
    }
    t = r.end + 8 * DAY + rng.exp(pe.episodeGapDays * DAY);
  }
  if (Number.isFinite(p.knownAt) && rng.chance(0.04)) joinClub(j);
  newsletters(j);
  smsCampaigns(j);
  return { person: p, messages: w.out };
}

/** The person stops shopping; some also unsubscribe from marketing. */
function churn(j: J, at: number): void {
  j.churnedAt = at;
  const prefs = consentAt(j.p, at).prefs;
  if (prefs.marketing && j.rng.chance(0.4)) j.w.consent(at + j.rng.float(2, 20) * DAY, { ...prefs, marketing: false }, undefined, 'email_unsubscribe');
}

/** Relationship NPS after the second order, scored by persona. */
function relationshipNps(j: J, order: Order): void {
  const mix = j.p.persona.nps;
  const r = j.rng.next();
  const score = r < mix.detractor ? j.rng.int(0, 6) : r < mix.detractor + mix.promoter ? j.rng.int(9, 10) : j.rng.int(7, 8);
  j.w.server(order.ts + j.rng.float(2, 6) * DAY, 'email', 'Survey Responded', { survey: 'nps', score, touchpoint: 'Order Completed', order_id: order.order_id });
}

/** A few customers belong to an outdoor club with a group account. */
function joinClub(j: J): void {
  const [groupId, name] = j.rng.pick(CLUBS);
  const t = sessionTime(j, j.p.knownAt + j.rng.float(1, 30) * DAY);
  const d = sessionDevice(j, false);
  login(j, t, d);
  j.w.group(t + 2000, d, groupId, { name, industry: 'outdoor club', plan: 'club_pro', member_discount: 0.1 });
}
