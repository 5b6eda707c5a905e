// Deterministic conversion paths for bench/attribution (not timed).
// Journeys have 3 to 8 touches over `channels` channels. Channel popularity is skewed (weight
// 1/(rank+1)) and a touch repeats the previous channel 25% of the time, so paths repeat the
// way real ones do (many people take the same few routes); about 30% convert, more often when
// the path includes the two channels planted as effective.

/** mulberry32: the same stream for the same seed. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CHANNEL_NAMES = ['paid_search', 'organic_search', 'email', 'display', 'social_paid', 'social_organic', 'affiliate', 'direct', 'referral', 'sms', 'push', 'video'];

/**
 * @param {number} n journeys
 * @param {{ channels?: number, seed?: number, uniform?: boolean }} o `uniform`: every channel equally likely, no repeats bias (few duplicate paths: the worst case for grouping)
 */
export function generateJourneys(n, { channels = 12, seed = 20250106, uniform = false } = {}) {
  const r = prng(seed);
  const names = CHANNEL_NAMES.slice(0, channels);
  const cumulative = [];
  let total = 0;
  for (let i = 0; i < channels; i++) cumulative.push((total += uniform ? 1 : 1 / (i + 1)));
  const pick = () => {
    const x = r() * total;
    let i = 0;
    while (cumulative[i] < x) i++;
    return i;
  };
  const T0 = Date.UTC(2025, 0, 1);
  const journeys = new Array(n);
  for (let j = 0; j < n; j++) {
    const len = 3 + Math.floor(r() * 6);
    let t = T0 + Math.floor(r() * 300 * 86_400_000);
    const touches = new Array(len);
    let prev = -1;
    let boost = 0;
    for (let k = 0; k < len; k++) {
      const c = !uniform && prev >= 0 && r() < 0.25 ? prev : pick();
      if (c === 2 || c === 9) boost = 0.2; // email and sms are the effective ones
      touches[k] = { label: names[c], timestamp: t };
      t += Math.floor(r() * 3 * 86_400_000);
      prev = c;
    }
    const converted = r() < 0.18 + boost;
    journeys[j] = { personId: `p${j}`, touches, converted, value: converted ? 10 + Math.floor(r() * 490) : 0, conversionAt: converted ? t : null };
  }
  return journeys;
}
