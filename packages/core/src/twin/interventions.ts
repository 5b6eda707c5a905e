import { err, ok, type Result } from '../result.js';
import type { TwinChain } from './twin-chain.js';
import type { TwinModel } from './twin-model.js';
import { TWIN_CONVERSION, TWIN_DROP, TWIN_START } from './twin-states.js';
import type { TwinIntervention } from './interventions.schema.js';

/** One segment as the simulation sees it: its share of journeys, its chain and its value per conversion. */
export interface TwinMixSegment {
  segment: string | null;
  share: number;
  chain: TwinChain;
  valueMean: number;
}

/** The segments of a baseline or a scenario; shares sum to 1. */
export interface TwinMix {
  segments: TwinMixSegment[];
}

/** Why an intervention cannot apply; `field` is its path (`interventions[1].from`). */
export interface TwinError {
  field: string;
  message: string;
}

/** The fitted model as a mix (maximum-likelihood chains, observed shares and value means). */
export function twinBaselineMix(model: TwinModel): TwinMix {
  return {
    segments: model.segments.map((s) => ({
      segment: s.segment, share: s.share, chain: s.chain, valueMean: s.value.count > 0 ? s.value.mean : model.overall.value.mean,
    })),
  };
}

/** Why one chain refused an intervention; `key` is the intervention field at fault. */
export type TwinChainFailure = { key: string; message: string };

/** States a `from`/`label` reference names: the exact state, else every `label@…` stage of it. */
export function twinResolveStates(chain: TwinChain, ref: string): number[] {
  const exact = chain.states.indexOf(ref);
  if (exact >= 0) return [exact];
  const out: number[] = [];
  chain.states.forEach((s, i) => { if (s.startsWith(`${ref}@`)) out.push(i); });
  return out;
}

/** Column a `to` reference names, or a failure when it is unknown or ambiguous. */
export function twinResolveTarget(chain: TwinChain, ref: string): number | TwinChainFailure {
  const n = chain.states.length;
  if (ref === TWIN_CONVERSION) return n;
  if (ref === TWIN_DROP) return n + 1;
  if (ref === TWIN_START) return { key: 'to', message: `nothing can lead back to ${TWIN_START}` };
  const m = twinResolveStates(chain, ref);
  if (m.length === 1) return m[0]!;
  return { key: 'to', message: m.length === 0 ? `unknown state ${ref}` : `${ref} matches ${m.length} states; name one as label@stage` };
}

/**
 * Set P(i → j) = p and renormalise row i. Raising: the mass comes from `(null)` first, then from
 * the other transitions in proportion to their size. Lowering: the freed mass goes to `(null)`
 * (when j is `(null)` itself, to the other transitions in proportion).
 */
function setEdge(c: TwinChain, i: number, j: number, p: number): TwinChainFailure | null {
  const n = c.states.length, w = n + 2, drop = n + 1, row = i * w, P = c.probs;
  const delta = p - P[row + j]!;
  if (delta > 0) {
    let need = delta;
    if (j !== drop) { const take = Math.min(need, P[row + drop]!); P[row + drop]! -= take; need -= take; }
    if (need > 1e-15) {
      let others = 0;
      for (let k = 0; k < w; k++) if (k !== j) others += P[row + k]!;
      const f = others > 0 ? Math.max(0, (others - need) / others) : 0;
      for (let k = 0; k < w; k++) if (k !== j) P[row + k]! *= f;
    }
  } else if (delta < 0) {
    if (j !== drop) P[row + drop]! -= delta;
    else {
      let others = 0;
      for (let k = 0; k < w; k++) if (k !== j) others += P[row + k]!;
      if (others <= 0) return { key: 'to', message: `${c.states[i]} has no other transition to take the freed probability` };
      const f = (others - delta) / others;
      for (let k = 0; k < w; k++) if (k !== j) P[row + k]! *= f;
    }
  }
  P[row + j] = p;
  return null;
}

/** A chain over `states` built from `c`; `from[k]` is the old index of new state k (or -1: a new, empty row). */
function rebuild(c: TwinChain, states: string[], from: number[]): TwinChain {
  const n0 = c.states.length, w0 = n0 + 2, n = states.length, w = n + 2;
  const col = new Int32Array(w0).fill(-1);
  from.forEach((o, k) => { if (o >= 0) col[o] = k; });
  col[n0] = n;
  col[n0 + 1] = n + 1;
  const probs = new Float64Array(n * w), edgeMs = new Float64Array(n * w);
  from.forEach((o, k) => {
    if (o < 0) return;
    for (let j = 0; j < w0; j++) {
      const t = col[j]!;
      if (t < 0) continue;
      probs[k * w + t] = c.probs[o * w0 + j]!;
      edgeMs[k * w + t] = c.edgeMs[o * w0 + j]!;
    }
  });
  return { states, probs, edgeMs };
}

function removeState(c: TwinChain, x: number, redirect: 'successors' | 'drop'): TwinChain | TwinChainFailure {
  const n = c.states.length, w = n + 2, P = c.probs, T = c.edgeMs;
  if (redirect === 'drop') {
    for (let i = 0; i < n; i++) { P[i * w + n + 1]! += P[i * w + x]!; P[i * w + x] = 0; }
  } else {
    const stay = P[x * w + x]!, leave = 1 - stay;
    if (leave <= 1e-12) return { key: 'label', message: `${c.states[x]} never leads anywhere else` };
    const loopMs = (stay / leave) * T[x * w + x]!;
    for (let i = 0; i < n; i++) {
      const a = P[i * w + x]!;
      if (i === x || a === 0) continue;
      P[i * w + x] = 0;
      for (let j = 0; j < w; j++) {
        if (j === x) continue;
        const add = (a * P[x * w + j]!) / leave;
        if (add <= 0) continue;
        const k = i * w + j, old = P[k]!;
        T[k] = (old * T[k]! + add * (T[i * w + x]! + loopMs + T[x * w + j]!)) / (old + add);
        P[k] = old + add;
      }
    }
  }
  const keep = c.states.map((_, i) => i).filter((i) => i !== x);
  return rebuild(c, keep.map((i) => c.states[i]!), keep);
}

function addState(c: TwinChain, label: string, a: number, p: number, lift: number): TwinChain {
  const n0 = c.states.length;
  const from = [...c.states.map((_, i) => i), -1];
  const next = rebuild(c, [...c.states, label], from);
  const n = n0 + 1, w = n + 2, x = n0, P = next.probs, T = next.edgeMs;
  for (let j = 0; j < w; j++) { P[x * w + j] = P[a * w + j]!; T[x * w + j] = T[a * w + j]!; }
  const moved = Math.min(lift, P[x * w + n + 1]!);
  P[x * w + n + 1]! -= moved;
  P[x * w + n]! += moved;
  for (let j = 0; j < w; j++) P[a * w + j]! *= 1 - p;
  P[a * w + x] = p;
  T[a * w + x] = 0;
  return next;
}

/** Apply one transition or touchpoint intervention to a chain, returning a new chain. */
export function applyTwinIntervention(chain: TwinChain, iv: Exclude<TwinIntervention, { kind: 'shift_segment_mix' }>): Result<TwinChain, TwinChainFailure> {
  const c: TwinChain = { states: [...chain.states], probs: chain.probs.slice(), edgeMs: chain.edgeMs.slice() };
  switch (iv.kind) {
    case 'scale_transition':
    case 'set_transition': {
      const froms = twinResolveStates(c, iv.from);
      if (froms.length === 0) return err({ key: 'from', message: `unknown state ${iv.from}` });
      const j = twinResolveTarget(c, iv.to);
      if (typeof j !== 'number') return err(j);
      const w = c.states.length + 2;
      for (const i of froms) {
        const p = iv.kind === 'set_transition' ? iv.probability : Math.min(1, c.probs[i * w + j]! * iv.factor);
        const f = setEdge(c, i, j, p);
        if (f) return err(f);
      }
      return ok(c);
    }
    case 'remove_touchpoint': {
      let cur = c;
      for (;;) {
        const xs = twinResolveStates(cur, iv.label).filter((i) => i !== 0);
        if (xs.length === 0) break;
        const r = removeState(cur, xs[0]!, iv.redirect);
        if ('key' in r) return err(r);
        cur = r;
      }
      if (cur === c) return err({ key: 'label', message: `unknown touchpoint ${iv.label}` });
      return ok(cur);
    }
    case 'add_touchpoint': {
      if (twinResolveStates(c, iv.label).length > 0 || [TWIN_START, TWIN_CONVERSION, TWIN_DROP].includes(iv.label))
        return err({ key: 'label', message: `${iv.label} already exists` });
      const a = twinResolveStates(c, iv.after);
      if (a.length !== 1) return err({ key: 'after', message: a.length === 0 ? `unknown state ${iv.after}` : `${iv.after} matches ${a.length} states; name one as label@stage` });
      return ok(addState(c, iv.label, a[0]!, iv.probability, iv.conversionLift));
    }
  }
}

/**
 * Apply interventions in order to a mix. Transition and touchpoint changes apply to every
 * segment's chain (or the one named by `segment`); a segment that does not have the state is an
 * error only when no segment has it.
 */
export function applyTwinInterventions(mix: TwinMix, interventions: readonly TwinIntervention[]): Result<TwinMix, TwinError> {
  let segs = mix.segments.map((s) => ({ ...s }));
  for (const [k, iv] of interventions.entries()) {
    if (iv.kind === 'shift_segment_mix') {
      const t = segs.find((s) => s.segment === iv.segment);
      if (!t) return err({ field: `interventions[${k}].segment`, message: `unknown segment ${String(iv.segment)}` });
      const rest = 1 - t.share;
      if (rest <= 0 && iv.share < 1) return err({ field: `interventions[${k}].share`, message: 'there is no other segment to take the remaining share' });
      segs = segs.map((s) => ({ ...s, share: s === t ? iv.share : rest > 0 ? (s.share * (1 - iv.share)) / rest : 0 }));
      continue;
    }
    let applied = 0, firstFail: TwinChainFailure | null = null;
    const scoped = iv.segment === undefined ? segs : segs.filter((s) => s.segment === iv.segment);
    if (scoped.length === 0) return err({ field: `interventions[${k}].segment`, message: `unknown segment ${String(iv.segment)}` });
    for (const s of scoped) {
      const r = applyTwinIntervention(s.chain, iv);
      if (r.ok) { s.chain = r.value; applied++; } else firstFail ??= r.error;
    }
    if (applied === 0 && firstFail) return err({ field: `interventions[${k}].${firstFail.key}`, message: firstFail.message });
  }
  return ok({ segments: segs });
}
