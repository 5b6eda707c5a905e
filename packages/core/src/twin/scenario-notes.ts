import { assertUnreachable, err, ok, type Result } from '../result.js';
import type { TwinChain } from './twin-chain.js';
import type { TwinModel } from './twin-model.js';
import type { TwinError, TwinMix } from './interventions.js';
import { twinResolveStates, twinResolveTarget } from './interventions.js';
import type { TwinIntervention } from './interventions.schema.js';
import { TWIN_CONVERSION } from './twin-states.js';

/**
 * P(from → to) before and after a scenario, for each transition intervention: the mean over the
 * journeys' visits to `from` (segment share × visits of `from` per journey in the fitted data),
 * so it reads as "of the times a journey is at `from`, how often it goes to `to`". null: no
 * fitted journey (in the scoped segments) visits `from`, or the scenario removed it.
 */
export interface TwinTransitionChange {
  /** Index of the intervention in the request. */
  intervention: number;
  from: string;
  to: string;
  current: number | null;
  scenario: number | null;
}

/**
 * Why a scenario cannot change (or did not change) the outcome, or how a name was read:
 * - `conversion_event`: `to` named the conversion event, which is the absorbing `(conversion)` state;
 * - `never_reached`: no fitted journey visits `from`, so changing its transitions changes nothing;
 * - `zero_probability`: the transition never happened (P = 0), and a factor scales 0 to 0;
 * - `already_certain`: P = 1 already; a factor ≥ 1 cannot raise it;
 * - `same_probability`: the new probability equals the current one (factor 1, or set to its value);
 * - `same_outcome`: the probability moved, but onto outcomes that convert exactly as often as the
 *   ones it was taken from, so the conversion rate is unchanged.
 */
export type TwinNoteCode = 'conversion_event' | 'never_reached' | 'zero_probability' | 'already_certain' | 'same_probability' | 'same_outcome';

export interface TwinNote {
  code: TwinNoteCode;
  /** The intervention the note is about (null: the scenario as a whole). */
  intervention: number | null;
  from?: string;
  to?: string;
  /** The conversion event named (for `conversion_event`). */
  event?: string;
  /** The current probability (for `zero_probability`, `already_certain`, `same_probability`). */
  probability?: number;
}

const EPS = 1e-12;

/**
 * Read names of the conversion event as the absorbing `(conversion)` state: journeys end at the
 * conversion, so the event itself is never a state of the chain. As a `to` it is mapped (with a
 * note); as a `from`, `after` or removed touchpoint it is an error that says why.
 */
export function mapConversionEvents(
  model: TwinModel,
  ivs: readonly TwinIntervention[],
  conversionEvents: readonly string[],
): Result<{ interventions: TwinIntervention[]; notes: TwinNote[] }, TwinError> {
  const isEvent = (s: string) => conversionEvents.includes(s) && !model.states.includes(s);
  const why = (s: string) => `${s} is the conversion event: journeys end there, in the absorbing state ${TWIN_CONVERSION}, so nothing follows it; pick a state before it`;
  const notes: TwinNote[] = [];
  const out: TwinIntervention[] = [];
  for (const [k, iv] of ivs.entries()) {
    if (iv.kind === 'scale_transition' || iv.kind === 'set_transition') {
      if (isEvent(iv.from)) return err({ field: `interventions[${k}].from`, message: why(iv.from) });
      if (isEvent(iv.to)) {
        notes.push({ code: 'conversion_event', intervention: k, to: TWIN_CONVERSION, event: iv.to });
        out.push({ ...iv, to: TWIN_CONVERSION });
        continue;
      }
    } else if (iv.kind === 'remove_touchpoint' && isEvent(iv.label)) return err({ field: `interventions[${k}].label`, message: why(iv.label) });
    else if (iv.kind === 'add_touchpoint' && isEvent(iv.after)) return err({ field: `interventions[${k}].after`, message: why(iv.after) });
    out.push(iv);
  }
  return ok({ interventions: out, notes });
}

/** Visits of each state per journey in a segment's fitted data (row totals of its counts ÷ journeys). */
function visitsPerJourney(model: TwinModel, segment: string | null): Map<string, number> {
  const fit = model.segments.find((s) => s.segment === segment);
  const out = new Map<string, number>();
  if (!fit || fit.journeys === 0) return out;
  const n = model.states.length, w = n + 2;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < w; j++) total += fit.counts[i * w + j]!;
    out.set(model.states[i]!, total / fit.journeys);
  }
  return out;
}

/** The visit-weighted P(from → to) over a mix's segments (see `TwinTransitionChange`), or null. */
export function meanTransition(model: TwinModel, mix: TwinMix, from: string, to: string, segment?: string | null): { p: number; min: number; max: number } | null {
  let num = 0, den = 0, min = Infinity, max = -Infinity;
  for (const s of mix.segments) {
    if (segment !== undefined && s.segment !== segment) continue;
    const visits = visitsPerJourney(model, s.segment);
    const chain: TwinChain = s.chain;
    const j = twinResolveTarget(chain, to);
    if (typeof j !== 'number') continue;
    const w = chain.states.length + 2;
    for (const i of twinResolveStates(chain, from)) {
      const weight = s.share * (visits.get(chain.states[i]!) ?? 0);
      if (weight <= 0) continue;
      const p = chain.probs[i * w + j]!;
      num += weight * p;
      den += weight;
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
  }
  return den > 0 ? { p: num / den, min, max } : null;
}

/** Current and scenario probability of every transition intervention, and why nothing may change. */
export function explainTwinScenario(
  model: TwinModel,
  base: TwinMix,
  scenario: TwinMix,
  ivs: readonly TwinIntervention[],
  conversionChange: number,
): { transitions: TwinTransitionChange[]; notes: TwinNote[] } {
  const transitions: TwinTransitionChange[] = [];
  const notes: TwinNote[] = [];
  for (const [k, iv] of ivs.entries()) {
    if (iv.kind !== 'scale_transition' && iv.kind !== 'set_transition') continue;
    const seg = iv.segment === undefined ? undefined : iv.segment;
    const cur = meanTransition(model, base, iv.from, iv.to, seg);
    const next = meanTransition(model, scenario, iv.from, iv.to, seg);
    transitions.push({ intervention: k, from: iv.from, to: iv.to, current: cur?.p ?? null, scenario: next?.p ?? null });
    const at = { intervention: k, from: iv.from, to: iv.to };
    if (cur === null) notes.push({ code: 'never_reached', ...at });
    else if (iv.kind === 'scale_transition' && cur.max <= EPS && iv.factor !== 1) notes.push({ code: 'zero_probability', ...at, probability: 0 });
    else if (iv.kind === 'scale_transition' && cur.min >= 1 - EPS && iv.factor >= 1) notes.push({ code: 'already_certain', ...at, probability: 1 });
    else if ((iv.kind === 'scale_transition' && iv.factor === 1) || (iv.kind === 'set_transition' && Math.abs(cur.min - iv.probability) <= EPS && Math.abs(cur.max - iv.probability) <= EPS))
      notes.push({ code: 'same_probability', ...at, probability: cur.p });
  }
  const explained = notes.some((n) => n.code !== 'conversion_event');
  if (Math.abs(conversionChange) <= EPS && !explained && ivs.length > 0) notes.push({ code: 'same_outcome', intervention: null });
  return { transitions, notes };
}

/** A note as an English sentence (the CLI and the HTML report; the web app translates the code). */
export function twinNoteText(n: TwinNote): string {
  const tr = `${n.from ?? ''} → ${n.to ?? ''}`;
  switch (n.code) {
    case 'conversion_event':
      return `${n.event} is the conversion event: journeys end there, so it is read as the absorbing state ${TWIN_CONVERSION}.`;
    case 'never_reached':
      return `No fitted journey reaches ${n.from}, so changing where it leads cannot change the outcome.`;
    case 'zero_probability':
      return `The transition ${tr} never happened in the fitted journeys (probability 0); scaling 0 leaves 0.`;
    case 'already_certain':
      return `The transition ${tr} already has probability 1; a factor above 1 cannot raise it.`;
    case 'same_probability':
      return `The new probability of ${tr} equals the current one (${((n.probability ?? 0) * 100).toFixed(1)}%), so nothing changes.`;
    case 'same_outcome':
      return 'The probability moved onto outcomes that convert exactly as often as the ones it was taken from, so conversion does not change.';
    default:
      return assertUnreachable(n.code);
  }
}
