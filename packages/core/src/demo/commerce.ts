import type { Campaign, Product } from './catalogue.js';
import {
  DAY, HOUR, MINUTE, lineItem, login, nextId, pickProduct, priceOrder, sessionDevice, sessionTime, step,
  type J, type LineItem, type Order,
} from './context.js';
import { consentAt, type Device } from './people.js';
import { CART_RECOVERY_EFFECT, CHECKOUT_EFFECT } from './planted-effects.js';
import { banner, productProps, view } from './sessions.js';
import { cesScore, csatScore, feedback, survey } from './voice.js';

/** Buying: cart, checkout (planted effect 1), cart-reminder recovery (effect 2), store purchases. */
export interface Decision {
  t: number;
  order: Order | undefined;
  items: readonly LineItem[];
}

const paymentMethod = (j: J): string =>
  j.p.lang === 'zh' && j.rng.chance(0.5) ? 'alipay' : j.rng.weighted([['credit_card', 6], ['paypal', 2], ['apple_pay', 2]]);

function orderProps(o: Order, extra: Record<string, unknown>): Record<string, unknown> {
  const tax = Math.round(o.revenue * 8) / 100;
  const props: Record<string, unknown> = { ...extra, order_id: o.order_id };
  if (o.checkout_id) props.checkout_id = o.checkout_id;
  props.total = Math.round((o.revenue + tax) * 100) / 100;
  props.revenue = o.revenue;
  props.tax = tax;
  props.discount = o.discount;
  if (o.coupon) props.coupon = o.coupon;
  props.currency = 'USD';
  props.products = o.products;
  return props;
}

/** Checkout for a basket on web or app; the chance of finishing depends on where payment is entered. */
export function checkout(j: J, d: Device, t: number, items: readonly LineItem[], intent: boolean): { t: number; order: Order | undefined } {
  const E = CHECKOUT_EFFECT;
  const { w, rng } = j;
  t += step(j);
  view(j, t, d, 'Checkout', '/checkout', { step: 1 });
  const checkout_id = nextId(j, 'chk');
  const order_id = nextId(j, 'ord');
  const price = priceOrder(j, items);
  t += step(j, 2, 8);
  w.track(t, d, 'Checkout Started', {
    checkout_id, order_id, value: price.revenue + price.discount, revenue: price.revenue, discount: price.discount,
    ...(price.coupon ? { coupon: price.coupon } : {}), currency: 'USD', products: items,
  });
  if (t < d.boundAt) {
    t += step(j, 20, 60); // email entered as a guest, or signed in
    login(j, t, d);
  }
  if (!intent || !rng.chance(E.reachPaymentRate)) return { t: t + step(j, 30, 200), order: undefined };
  t += step(j, 30, 150);
  w.track(t, d, 'Payment Info Entered', { checkout_id, order_id, step: 3, payment_method: paymentMethod(j) });
  if (rng.chance(E.completeAfterPayment[d.kind])) {
    t += step(j, 5, 40);
    const order: Order = { order_id, checkout_id, products: items, ...price, channel: d.kind === 'app' ? 'app' : 'web', ts: t };
    w.track(t, d, 'Order Completed', orderProps(order, { affiliation: d.kind === 'app' ? 'Northwind App' : 'Northwind Online' }));
    return { t, order };
  }
  t += step(j, 60, 400);
  if (d.kind === 'mobile_web') {
    if (rng.chance(E.paymentFeedbackRate)) feedback(j, t + rng.int(1, 15) * MINUTE, 'payment', 'negative', 'Payment Info Entered', d, { checkout_id });
    if (rng.chance(E.paymentCesRate)) survey(j, t + rng.int(2, 30) * HOUR, 'ces', cesScore(j, false), 'Checkout', undefined, { checkout_id });
  } else if (rng.chance(0.08)) {
    feedback(j, t + rng.int(1, 15) * MINUTE, rng.chance(0.5) ? 'checkout' : 'price', 'negative', 'Checkout', d, { checkout_id });
  }
  return { t, order: undefined };
}

/** The deciding session's second half: add to cart, view cart, then check out (or not). */
export function cartAndCheckout(j: J, d: Device, t: number, intent: boolean, viewed: readonly Product[], category: string): Decision {
  const rng = j.rng;
  const n = rng.int(1, intent ? 3 : 2);
  const items: LineItem[] = [];
  const cart_id = nextId(j, 'cart');
  for (let i = 0; i < n; i++) {
    const pr = viewed.length && rng.chance(0.8) ? rng.pick(viewed) : pickProduct(j, category);
    if (items.some((x) => x.product_id === pr.product_id)) continue;
    const item = lineItem(j, pr);
    items.push(item);
    t += step(j, 10, 120);
    j.w.track(t, d, 'Product Added', { cart_id, ...productProps(pr), quantity: item.quantity });
  }
  Object.freeze(items);
  t += step(j);
  view(j, t, d, 'Cart', '/cart', {});
  t += step(j, 2, 10);
  j.w.track(t, d, 'Cart Viewed', { cart_id, products: items });
  if (intent || rng.chance(CHECKOUT_EFFECT.browserCheckoutRate)) {
    const r = checkout(j, d, t, items, intent);
    return { t: r.t, order: r.order, items };
  }
  return { t: t + step(j, 20, 300), order: undefined, items };
}

const REMINDER: Campaign = Object.freeze({ source: 'northwind', medium: 'email', name: 'cart_reminder' });

/** After an abandoned cart: maybe a reminder email, then maybe a purchase within the recovery window. */
export function recover(j: J, abandonAt: number, items: readonly LineItem[]): Order | undefined {
  const E = CART_RECOVERY_EFFECT;
  const { p, rng, w } = j;
  const eligible = p.knownAt <= abandonAt && consentAt(p, abandonAt).prefs.marketing && abandonAt < j.churnedAt;
  let pRecover: number = E.recoverIfNotReminded;
  let at = abandonAt + rng.float(3 * HOUR, 6.5 * DAY);
  let viaLink = false;
  if (eligible && rng.chance(E.reminderSendRate)) {
    const sentAt = abandonAt + rng.float(E.reminderDelayMs[0], E.reminderDelayMs[1]);
    const props = { email_id: nextId(j, 'em'), email_type: 'cart_reminder', campaign_name: 'cart_reminder', email_subject: 'You left something in your cart' };
    w.server(sentAt, 'email', 'Email Sent', props, REMINDER);
    if (rng.chance(E.reminderOpenRate)) {
      const openAt = sentAt + Math.min(rng.exp(3 * HOUR), 2 * DAY);
      w.server(openAt, 'email', 'Email Opened', props, REMINDER);
      if (!rng.chance(E.recoverIfOpened)) return undefined;
      viaLink = rng.chance(0.8);
      at = viaLink ? openAt + rng.int(1, 5) * MINUTE : openAt + rng.float(2 * HOUR, 4 * DAY);
      if (viaLink) w.server(at, 'email', 'Email Link Clicked', { ...props, link_url: '/cart' }, REMINDER);
      pRecover = 1;
    } else {
      pRecover = E.recoverIfSentNotOpened;
      at = sentAt + rng.float(2 * HOUR, 6 * DAY);
    }
  }
  if (!rng.chance(pRecover)) return undefined;
  if (p.homeStore && p.persona.name === 'store_first' && rng.chance(0.5)) return storeVisit(j, at, true, items).order;
  const d = (rng.chance(0.6) ? p.app : undefined) ?? p.desktop ?? sessionDevice(j, false);
  let t = viaLink ? at + 20_000 : sessionTime(j, at);
  if (t > abandonAt + E.recoveryWindowMs - HOUR) t = abandonAt + E.recoveryWindowMs - HOUR;
  banner(j, t, d);
  view(j, t, d, 'Cart', '/cart', {}, viaLink ? { campaign: REMINDER } : undefined);
  t += step(j, 2, 10);
  j.w.track(t, d, 'Cart Viewed', { cart_id: nextId(j, 'cart'), products: items });
  return checkout(j, d, t, items, true).order;
}

/** A store visit; with intent, a purchase at the till (loyalty sign-up there if still anonymous). */
export function storeVisit(j: J, after: number, intent: boolean, basket?: readonly LineItem[]): Decision {
  const { p, rng, w } = j;
  const store = p.homeStore!;
  const sp = { store_id: store.store_id, store_name: store.store_name, city: store.city };
  let t = sessionTime(j, after, true);
  if (intent && p.knownAt > t) w.identifyServer(t, 'store');
  if (p.knownAt <= t) w.server(t, 'store', 'Store Visited', { ...sp, source: 'loyalty_checkin' });
  else if (p.app) w.track(t, p.app, 'Store Visited', { ...sp, source: 'geofence' }, { channel: 'store' });
  if (!intent) return { t: t + rng.int(10, 40) * MINUTE, order: undefined, items: [] };
  const items = basket ?? Object.freeze(Array.from({ length: rng.int(1, 3) }, () => lineItem(j, pickProduct(j, undefined))));
  t += rng.int(8, 45) * MINUTE;
  const order_id = nextId(j, 'ord');
  const order: Order = { order_id, checkout_id: undefined, products: items, ...priceOrder(j, items), channel: 'store', ts: t };
  w.server(t, 'store', 'Store Purchase', { ...sp, order_id, revenue: order.revenue, items: items.length, payment_method: paymentMethod(j) });
  w.server(t + 1000, 'store', 'Order Completed', orderProps(order, { store_id: store.store_id, affiliation: store.store_name }));
  if (rng.chance(0.12)) survey(j, t + rng.int(2, 26) * HOUR, 'csat', csatScore(j, [0.03, 0.05, 0.15, 0.37, 0.4]), 'Store Purchase', undefined, { store_id: store.store_id, order_id });
  if (rng.chance(0.05)) feedback(j, t + rng.int(2, 48) * HOUR, 'store', rng.chance(0.75) ? 'positive' : 'negative', 'Store Visited', undefined, { store_id: store.store_id });
  return { t, order, items };
}
