import { PRODUCTS, PRODUCTS_BY_CATEGORY, type Product } from './catalogue.js';
import type { Device, Person } from './people.js';
import type { Rng } from './prng.js';
import type { JourneyWriter } from './writer.js';

/** Shared state and helpers for simulating one person's journey. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface J {
  rng: Rng;
  p: Person;
  w: JourneyWriter;
  seed: number;
  endMs: number;
  /** Per-person counter for order, cart, ticket and email ids. */
  seq: number;
  /** Conversion multiplier from support outcomes. */
  convFactor: number;
  /** Set when the person churns (stops shopping and engaging). */
  churnedAt: number;
}

/** Unique, deterministic id such as `ord_7_1234_3`. */
export function nextId(j: J, prefix: string): string {
  return `${prefix}_${j.seed}_${j.p.index}_${j.seq++}`;
}

/** Hourly activity weights (local time) for online sessions and for store opening hours. */
const ONLINE_HOURS = [0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 1.5, 2, 2.2, 2.4, 2.8, 2.6, 2.4, 2.4, 2.6, 3, 3.4, 3.8, 4, 3.6, 2.4, 1.2];
const STORE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5, 2, 2.6, 2.6, 2.4, 2.4, 2.8, 3, 2.6, 1.6, 0, 0, 0, 0];
const cumulative = (w: number[]) => {
  let s = 0;
  const c = w.map((x) => (s += x));
  return c.map((x) => x / s);
};
const ONLINE_CUM = cumulative(ONLINE_HOURS);
const STORE_CUM = cumulative(STORE_HOURS);

/** A plausible local time for a session at or after `after` (store: within opening hours). */
export function sessionTime(j: J, after: number, store = false): number {
  const off = j.p.city.offset * HOUR;
  const cum = store ? STORE_CUM : ONLINE_CUM;
  const r = j.rng.next();
  let hour = 0;
  while (hour < 23 && cum[hour]! <= r) hour++;
  const dayStart = Math.floor((after + off) / DAY) * DAY - off;
  let ts = dayStart + hour * HOUR + j.rng.next() * HOUR;
  if (ts < after) ts += DAY;
  return Math.round(ts);
}

/** Seconds-to-minutes gap between steps of a session. */
export function step(j: J, minS = 8, maxS = 90): number {
  return j.rng.int(minS, maxS) * 1000;
}

/** A product to look at: mostly from the category of interest. */
export function pickProduct(j: J, category: string | undefined): Product {
  const list = category && j.rng.chance(0.75) ? PRODUCTS_BY_CATEGORY.get(category) : undefined;
  return j.rng.pick(list ?? PRODUCTS);
}

/** The device for an app-or-web session. */
export function sessionDevice(j: J, preferApp: boolean): Device {
  const p = j.p;
  if (preferApp && p.app) return p.app;
  if (p.desktop && p.mobileWeb) return j.rng.chance(p.persona.mobileWebShare) ? p.mobileWeb : p.desktop;
  return (p.desktop ?? p.mobileWeb)!;
}

/** Make sure a device sends the userId from `ts`: login (identify), or for some devices an alias call. */
export function login(j: J, ts: number, d: Device): void {
  if (ts >= d.boundAt) return;
  if (j.p.knownAt < ts && j.rng.chance(0.15)) j.w.alias(ts, d);
  else j.w.identify(ts, d);
}

/** Round to cents. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;

export interface LineItem {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  price: number;
  quantity: number;
}

/** Segment e-commerce line item for a product. */
export function lineItem(j: J, pr: Product): LineItem {
  const qty = pr.price < 40 ? j.rng.int(1, 3) : 1;
  return Object.freeze({ product_id: pr.product_id, sku: pr.sku, name: pr.name, category: pr.category, price: pr.price, quantity: qty });
}

export interface Order {
  order_id: string;
  checkout_id: string | undefined;
  products: readonly LineItem[];
  revenue: number;
  discount: number;
  coupon: string | undefined;
  channel: 'web' | 'app' | 'store';
  ts: number;
}

/** Price a basket: discount when a coupon is used. */
export function priceOrder(j: J, items: readonly LineItem[]): { revenue: number; discount: number; coupon: string | undefined } {
  const subtotal = items.reduce((s, i) => s + i.price * i.quantity, 0);
  const coupon = j.rng.chance(j.p.persona.couponRate) ? j.rng.pick(['SUMMER15', 'MEMBER10', 'TRAIL20']) : undefined;
  const rate = coupon === 'TRAIL20' ? 0.2 : coupon === 'SUMMER15' ? 0.15 : coupon ? 0.1 : 0;
  const discount = round2(subtotal * rate);
  return { revenue: round2(subtotal - discount), discount, coupon };
}
