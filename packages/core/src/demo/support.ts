import { DAY, HOUR, MINUTE, nextId, sessionTime, type J, type Order } from './context.js';
import { SUPPORT_EFFECT } from './planted-effects.js';
import { csatScore, feedback, npsScore, survey } from './voice.js';

/** Support centre: a ticket about an order, by phone, chat or web form (planted effect 3). */
export interface TicketOutcome {
  resolved: boolean;
  /** When the ticket was resolved or went stale. */
  closedAt: number;
}

type Via = keyof typeof SUPPORT_EFFECT.channel;

/** Open a ticket some days after an order; resolution, surveys and feedback follow. */
export function supportTicket(j: J, order: Order): TicketOutcome {
  const E = SUPPORT_EFFECT;
  const { rng, w } = j;
  let t = sessionTime(j, order.ts + rng.float(1, 10) * DAY, true);
  const topic = order.channel === 'store'
    ? rng.weighted([['wrong_size', 3], ['defective_item', 2], ['refund_request', 1]])
    : rng.weighted([['late_delivery', 3], ['wrong_size', 3], ['damaged_item', 2], ['missing_item', 1], ['refund_request', 1]]);
  const via: Via = rng.weighted(Object.entries(E.channel) as [Via, number][]);
  const ticket_id = nextId(j, 'tkt');
  w.server(t, 'support', 'Support Ticket Opened', { ticket_id, topic, order_id: order.order_id, via, priority: rng.chance(0.2) ? 'high' : 'normal' });
  let touchpoint = 'Support Ticket Opened';
  let handled = t;
  if (via === 'call') {
    touchpoint = 'Support Call';
    const wait = rng.int(20, 1800);
    const dur = rng.int(180, 1500);
    t += rng.int(10, 60) * 1000;
    w.server(t, 'support', 'Support Call', { ticket_id, wait_seconds: wait, duration_seconds: dur, agent_id: `agent-${rng.int(1, 40)}` });
    handled = t + (wait + dur) * 1000;
  } else if (via === 'chat') {
    touchpoint = 'Support Chat Started';
    t += rng.int(5, 40) * 1000;
    w.server(t, 'support', 'Support Chat Started', { ticket_id, wait_seconds: rng.int(5, 600), agent_id: `agent-${rng.int(1, 40)}` });
    handled = t + rng.int(5, 30) * MINUTE;
  }
  const resolved = rng.chance(E.resolveRate[via]);
  let closedAt: number;
  if (resolved) {
    closedAt = via !== 'form' && rng.chance(0.6) ? handled : handled + rng.float(0.5, 4) * DAY;
    const resolution = topic === 'refund_request' ? 'refund' : rng.weighted([['replacement', 4], ['refund', 2], ['exchange', 2], ['advice', 2]]);
    w.server(closedAt, 'support', 'Support Ticket Resolved', {
      ticket_id, resolution, hours_to_resolve: Math.round(((closedAt - t) / HOUR) * 10) / 10,
    });
    if (resolution === 'refund') {
      w.server(closedAt + rng.int(5, 120) * MINUTE, 'support', 'Order Refunded', {
        order_id: order.order_id, total: order.revenue, currency: 'USD', products: order.products,
      });
    }
  } else {
    closedAt = handled + rng.float(3, 10) * DAY;
    if (via === 'call' && rng.chance(0.4)) {
      const again = sessionTime(j, handled + rng.float(1, 4) * DAY, true);
      w.server(again, 'support', 'Support Call', { ticket_id, wait_seconds: rng.int(300, 3000), duration_seconds: rng.int(120, 900), agent_id: `agent-${rng.int(1, 40)}`, follow_up: true });
    }
  }
  const after = closedAt + rng.float(2, 30) * HOUR;
  if (rng.chance(E.csatRate)) survey(j, after, 'csat', csatScore(j, resolved ? E.csatResolved : E.csatUnresolved), touchpoint, undefined, { ticket_id });
  if (rng.chance(E.npsRate)) survey(j, after + rng.float(1, 5) * DAY, 'nps', npsScore(j, resolved ? E.npsResolved : E.npsUnresolved), touchpoint, undefined, { ticket_id });
  if (rng.chance(resolved ? E.feedbackResolved : E.feedbackUnresolved)) {
    feedback(j, after + rng.int(1, 60) * MINUTE, 'support', resolved ? 'positive' : 'negative', touchpoint, undefined, { ticket_id });
  }
  return { resolved, closedAt };
}
