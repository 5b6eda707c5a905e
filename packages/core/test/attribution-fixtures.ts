import type { Journey } from '../src/index.js';
import { Rng } from '../src/demo/prng.js';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2025, 0, 6);

/**
 * A journey from a path such as "A B C": touch i on day i (from T0); a converted one converts
 * on the day of its last touch unless `convertDay` says otherwise.
 */
export function journey(path: string, converted: boolean, value = 0, convertDay?: number, personId = 'p'): Journey {
  const labels = path.split(' ').filter((s) => s.length > 0);
  return {
    personId,
    touches: labels.map((label, i) => ({ label, timestamp: T0 + i * DAY })),
    converted,
    value: converted ? value : 0,
    conversionAt: converted ? T0 + (convertDay ?? Math.max(0, labels.length - 1)) * DAY : null,
  };
}

/** `n` seeded random journeys over `labels` (1 to `maxTouches` touches, repeats possible, ~40% converting, value 1 to 100). */
export function randomJourneys(n: number, labels: readonly string[], seed: number, maxTouches = 6): Journey[] {
  const rng = new Rng(seed);
  const r = () => rng.next();
  const out: Journey[] = [];
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(r() * maxTouches);
    const path = Array.from({ length: len }, () => labels[Math.floor(r() * labels.length)]!).join(' ');
    const converted = r() < 0.4;
    out.push(journey(path, converted, converted ? 1 + Math.floor(r() * 100) : 0, undefined, `p${i}`));
  }
  return out;
}

/** name → [conversions, value] of a result's rows. */
export function credit(rows: readonly { name: string; conversions: number; value: number }[]): Record<string, [number, number]> {
  return Object.fromEntries(rows.map((r) => [r.name, [r.conversions, r.value]]));
}

/** Every number of `actual` within 1e-9 of `expected` (same keys). */
export function assertClose(actual: Record<string, number[] | number>, expected: Record<string, number[] | number>, tol = 1e-9): void {
  const keys = Object.keys(expected).sort();
  if (JSON.stringify(Object.keys(actual).sort()) !== JSON.stringify(keys)) throw new Error(`labels ${Object.keys(actual)} ≠ ${keys}`);
  for (const k of keys) {
    const a = [actual[k]].flat() as number[];
    const e = [expected[k]].flat() as number[];
    e.forEach((x, i) => {
      if (!(Math.abs(a[i]! - x) <= tol)) throw new Error(`${k}[${i}]: got ${a[i]}, expected ${x} (all: ${JSON.stringify(actual)})`);
    });
  }
}
