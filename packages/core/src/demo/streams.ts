import { NEWSLETTER_THEMES, SMS_CAMPAIGNS, type Campaign } from './catalogue.js';
import { DAY, HOUR, MINUTE, login, nextId, sessionDevice, step, type J } from './context.js';
import { cartAndCheckout } from './commerce.js';
import { consentAt } from './people.js';
import { SMS_EFFECT } from './planted-effects.js';
import { linkSession } from './sessions.js';

/** Recurring marketing: newsletters and SMS campaigns (planted effect 5) to known, consenting people. */

/** Local 09:00–11:00 (email) or 11:00–19:00 (SMS) on the day of `t`. */
function sendTime(j: J, t: number, fromHour: number, toHour: number): number {
  const off = j.p.city.offset * HOUR;
  const dayStart = Math.floor((t + off) / DAY) * DAY - off;
  return Math.round(dayStart + j.rng.float(fromHour, toHour) * HOUR);
}

/** Newsletters every ~2–3 weeks from when the person became known, while marketing consent lasts. */
export function newsletters(j: J): void {
  const { p, rng, w } = j;
  if (!Number.isFinite(p.knownAt)) return;
  const every = p.persona.newsletterEveryDays * DAY;
  for (let t = p.knownAt + rng.exp(every / 2) + DAY; t < j.endMs; t += 2 * DAY + rng.exp(every)) {
    const send = sendTime(j, t, 9, 11);
    if (!consentAt(p, send).prefs.marketing) break;
    const theme = NEWSLETTER_THEMES[new Date(send).getUTCMonth()] ?? 'new_arrivals';
    const campaign: Campaign = { source: 'northwind', medium: 'email', name: theme };
    const props = { email_id: nextId(j, 'em'), email_type: 'newsletter', campaign_name: theme, email_subject: theme.replace(/_/g, ' ') };
    w.server(send, 'email', 'Email Sent', props, campaign);
    const openRate = p.persona.emailOpenRate * (send >= j.churnedAt ? 0.2 : 1);
    if (!rng.chance(openRate)) continue;
    const open = send + Math.min(rng.exp(5 * HOUR), 3 * DAY);
    w.server(open, 'email', 'Email Opened', props, campaign);
    if (send >= j.churnedAt || !rng.chance(0.22)) continue;
    const click = open + rng.int(10, 180) * 1000;
    w.server(click, 'email', 'Email Link Clicked', { ...props, link_url: '/' }, campaign);
    const d = sessionDevice(j, false);
    if (rng.chance(0.3)) login(j, click + 5000, d);
    linkSession(j, d, click + 10_000, campaign);
  }
}

/** SMS campaigns to opted-in people; a click brings a short visit and only rarely an order. */
export function smsCampaigns(j: J): void {
  const { p, rng, w } = j;
  if (!p.phone || !Number.isFinite(p.knownAt)) return;
  const every = SMS_EFFECT.sendEveryDays * DAY;
  for (let t = p.knownAt + rng.exp(every); t < j.endMs && t < j.churnedAt; t += 3 * DAY + rng.exp(every)) {
    const send = sendTime(j, t, 11, 19);
    if (!consentAt(p, send).prefs.marketing) break;
    const name = rng.pick(SMS_CAMPAIGNS);
    const campaign: Campaign = { source: 'northwind', medium: 'sms', name };
    const sms_id = nextId(j, 'sms');
    w.server(send, 'sms', 'SMS Sent', { sms_id, campaign_name: name }, campaign);
    if (!rng.chance(SMS_EFFECT.clickRate)) continue;
    const click = send + Math.min(rng.exp(40 * MINUTE), 6 * HOUR);
    w.server(click, 'sms', 'SMS Clicked', { sms_id, campaign_name: name, link_url: '/deals' }, campaign);
    const d = p.app ?? p.mobileWeb ?? sessionDevice(j, false);
    const b = linkSession(j, d, click + 15_000, campaign);
    if (rng.chance(SMS_EFFECT.clickPurchaseRate)) cartAndCheckout(j, d, b.t + step(j), true, b.viewed, b.category);
  }
}
