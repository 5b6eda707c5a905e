// bench/analytics data: N Segment messages for N/10 people, generated deterministically from the
// event's index (not timed), so both engines ingest exactly the same messages.

/** A 32-bit integer hash (murmur3's finalizer) of a whole number and a salt. */
function mix(x, salt) {
  let h = (Math.imul(x | 0, 0x9e3779b1) ^ Math.imul((x / 4294967296) | 0, 0x85ebca6b) ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 6);
const PLANS = ['gold', 'silver', 'free'];
const PERSONAS = ['researcher', 'mobile_impulse', 'store_first'];
const TEXTS = ['checkout was slow and payment failed', 'love the fast delivery', 'ok'];

/** The label of event k (0…9) of a person: browsing early, cart, checkout and orders later, with falling probability. */
function labelOf(r, k) {
  if (r < 400 - k * 20) return 'Product Viewed';
  if (r < 560 - k * 10) return 'Home';
  if (r < 700) return 'Cart Added';
  if (r < 790) return 'Checkout Started';
  if (r < 850) return 'Order Completed';
  if (r < 900) return 'Email Opened';
  if (r < 950) return 'Store Visited';
  if (r < 975) return 'Survey Responded';
  if (r < 990) return 'Feedback Submitted';
  return 'Support Ticket Opened';
}

/**
 * The i-th bench message. Each person (i / 10) has 10 messages in time order: a first visit of
 * five events ten minutes apart, then a return visit one to ten weeks later that starts with an
 * identify (the person logs in: userId joins the anonymousId, traits set), so identity
 * stitching runs. Channels come from the context (web, app, store, email), as a source would
 * send them; touchpoints, channels and stages are then the product's own classification.
 */
export function benchMessage(i) {
  const p = Math.floor(i / 10);
  const k = i % 10;
  const r = mix(i, 1) % 1000;
  const r2 = mix(i, 2) % 1000;
  const hp = mix(p, 3);
  const week = k >= 5 ? (1 + (Math.floor(hp / 7) % 10)) * 7 * DAY : 0;
  const timestamp = new Date(T0 + (hp % (84 * DAY)) + week + k * 600_000 + (mix(i, 4) % 540_000)).toISOString();
  const ids = k >= 5 ? { anonymousId: `a${p}`, userId: `u${p}` } : { anonymousId: `a${p}` };
  const plan = PLANS[r2 % 3];
  if (k === 5) {
    return { type: 'identify', messageId: `m${i}`, ...ids, timestamp, traits: { persona: PERSONAS[hp % 3], plan, email: `u${p}@example.com` } };
  }
  const label = labelOf(r, k);
  const app = hp % 5 === 0;
  const context = { channel: app ? 'app' : 'web' };
  if (label === 'Home') return { type: 'page', messageId: `m${i}`, ...ids, timestamp, name: 'Home', properties: { path: '/' }, context };
  let properties = { plan };
  if (label === 'Order Completed') properties = { revenue: (r2 % 200) + 10, plan };
  else if (label === 'Survey Responded') properties = { survey: 'csat', score: (r2 % 5) + 1, touchpoint: 'web_checkout' };
  else if (label === 'Feedback Submitted') properties = { text: TEXTS[r2 % 3], language: 'en', touchpoint: 'web_checkout' };
  if (label === 'Store Visited') context.channel = 'store';
  if (label === 'Email Opened') context.channel = 'email';
  return { type: 'track', messageId: `m${i}`, ...ids, timestamp, event: label, properties, context };
}

/** Messages [from, to) in chunks of `size`. */
export function* benchChunks(from, to, size) {
  for (let a = from; a < to; a += size) {
    const chunk = [];
    for (let i = a; i < Math.min(to, a + size); i++) chunk.push(benchMessage(i));
    yield chunk;
  }
}
