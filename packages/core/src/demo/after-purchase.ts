import { DAY, HOUR, MINUTE, login, nextId, sessionDevice, sessionTime, type J, type Order } from './context.js';
import type { Device } from './people.js';
import { SUPPORT_EFFECT } from './planted-effects.js';
import { supportTicket, type TicketOutcome } from './support.js';
import { cesScore, feedback, survey } from './voice.js';

/** What follows an order: confirmation, CES survey, support ticket, review, referral, feedback. */
export function afterOrder(j: J, order: Order, d: Device | undefined): TicketOutcome | undefined {
  const { rng, w, p } = j;
  if (order.channel !== 'store') {
    w.server(order.ts + rng.int(20, 90) * 1000, 'email', 'Email Sent', {
      email_id: nextId(j, 'em'), email_type: 'order_confirmation', campaign_name: 'order_confirmation', order_id: order.order_id,
    });
    if (rng.chance(0.12)) survey(j, order.ts + rng.int(1, 10) * MINUTE, 'ces', cesScore(j, rng.chance(0.88)), 'Checkout', d, { order_id: order.order_id });
  }
  const ticket = rng.chance(SUPPORT_EFFECT.issueRate) ? supportTicket(j, order) : undefined;
  const unhappy = ticket !== undefined && !ticket.resolved;
  const after = ticket ? ticket.closedAt : order.ts;
  if (!unhappy && rng.chance(p.persona.reviewRate)) {
    const t = sessionTime(j, after + rng.float(5, 20) * DAY);
    const dev = sessionDevice(j, rng.chance(0.5));
    login(j, t, dev);
    const item = rng.pick(order.products);
    const rating = rng.weighted([[5, 6], [4, 3], [3, 1]]);
    w.track(t + 5000, dev, 'Review Posted', { review_id: nextId(j, 'rev'), product_id: item.product_id, sku: item.sku, rating, order_id: order.order_id });
  }
  if (!unhappy && rng.chance(p.persona.referralRate)) {
    const t = sessionTime(j, after + rng.float(3, 30) * DAY);
    const dev = sessionDevice(j, rng.chance(0.6));
    login(j, t, dev);
    const medium = p.lang === 'zh' ? rng.pick(['wechat', 'link']) : rng.pick(['email', 'link', 'sms']);
    w.track(t, dev, 'Referral Sent', { referral_code: `NW-${p.index.toString(36).toUpperCase()}`, medium });
  }
  if (!ticket && rng.chance(0.06)) {
    const topic = order.channel === 'store' ? 'product' : rng.chance(0.5) ? 'product' : 'delivery';
    feedback(j, order.ts + rng.float(3, 9) * DAY + rng.int(0, 12) * HOUR, topic, rng.chance(0.72) ? 'positive' : 'negative', 'Order Completed', undefined, { order_id: order.order_id });
  }
  if (!ticket && d?.kind === 'app' && rng.chance(0.03)) {
    feedback(j, order.ts + rng.int(2, 30) * MINUTE, 'app', rng.chance(0.6) ? 'positive' : 'negative', 'Checkout', d);
  }
  return ticket;
}
