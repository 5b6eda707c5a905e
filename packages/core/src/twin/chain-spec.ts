import { z } from 'zod';
import { Rng } from '../demo/prng.js';
import { assertTwinChain, type TwinChain } from './twin-chain.js';
import type { TwinJourney } from './twin-journey.js';
import { TWIN_CONVERSION, TWIN_DROP, TWIN_START } from './twin-states.js';

/**
 * A chain written by hand: `transitions[from][to] = probability`, with `(start)`,
 * `(conversion)` and `(null)` as reserved names, and an optional mean dwell time per state
 * (milliseconds spent in a state before the next transition). Used to state a known truth in
 * validation tests, and for what-if chains in docs.
 */
export const twinChainSpecSchema = z.object({
  transitions: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))),
  dwellMs: z.record(z.string(), z.number().min(0)).optional(),
});
export type TwinChainSpec = z.infer<typeof twinChainSpecSchema>;

/** The dense chain of a spec; throws a RangeError when the spec is not a valid absorbing chain. */
export function twinChainFromSpec(spec: TwinChainSpec): TwinChain {
  const parsed = twinChainSpecSchema.parse(spec);
  const states = [TWIN_START];
  const add = (s: string) => {
    if (s !== TWIN_CONVERSION && s !== TWIN_DROP && !states.includes(s)) states.push(s);
  };
  for (const [from, row] of Object.entries(parsed.transitions)) {
    add(from);
    for (const to of Object.keys(row)) add(to);
  }
  const n = states.length, w = n + 2;
  const probs = new Float64Array(n * w), edgeMs = new Float64Array(n * w);
  const col = (s: string) => (s === TWIN_CONVERSION ? n : s === TWIN_DROP ? n + 1 : states.indexOf(s));
  states.forEach((s, i) => {
    const row = parsed.transitions[s];
    if (!row) throw new RangeError(`state ${s} has no transitions`);
    const dwell = s === TWIN_START ? 0 : parsed.dwellMs?.[s] ?? 0;
    for (const [to, p] of Object.entries(row)) {
      probs[i * w + col(to)] = p;
      if (to !== TWIN_DROP) edgeMs[i * w + col(to)] = dwell;
    }
  });
  const chain = { states, probs, edgeMs };
  assertTwinChain(chain);
  return chain;
}

export interface SampleTwinJourneysOptions {
  journeys: number;
  seed: number;
  /** Segment written on every journey (default null). */
  segment?: string | null;
  /** Value of a conversion (default: 100). */
  value?: (rng: Rng) => number;
  /** Time of the first touchpoint of every journey (default 2026-01-01). */
  startMs?: number;
  /** Safety cap on touchpoints per journey (default 10,000). */
  maxSteps?: number;
}

/**
 * Journeys drawn from a chain by walking it with a seeded PRNG (the demo's mulberry32). Dwell
 * times are exponential with the chain's mean edge time. Deterministic for a seed.
 */
export function sampleTwinJourneys(chain: TwinChain, opts: SampleTwinJourneysOptions): TwinJourney[] {
  const rng = new Rng(opts.seed);
  const n = chain.states.length, w = n + 2;
  const value = opts.value ?? (() => 100);
  const maxSteps = opts.maxSteps ?? 10_000;
  const out: TwinJourney[] = [];
  for (let k = 0; k < opts.journeys; k++) {
    const states: TwinJourney['states'] = [];
    let at = 0, t = opts.startMs ?? Date.UTC(2026, 0, 1), end = -1;
    while (end < 0) {
      let u = rng.next(), next = w - 1;
      for (let j = 0; j < w; j++) {
        u -= chain.probs[at * w + j]!;
        if (u < 0) { next = j; break; }
      }
      if (at !== 0) t += rng.exp(chain.edgeMs[at * w + next]!);
      if (next >= n) end = next;
      else {
        states.push({ label: chain.states[next]!, stage: '', timestamp: t });
        at = next;
        if (states.length >= maxSteps) end = n + 1;
      }
    }
    const converted = end === n;
    out.push({ states, converted, value: converted ? value(rng) : 0, segment: opts.segment ?? null, convertedAt: converted ? t : null });
  }
  return out;
}
