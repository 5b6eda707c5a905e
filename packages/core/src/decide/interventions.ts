import { z } from 'zod';
import { TWIN_CONVERSION, TWIN_DROP } from '../twin/twin-states.js';
import { twinRow, type TwinChain } from '../twin/twin-chain.js';
import type { TwinIntervention } from '../twin/interventions.schema.js';
import type { TwinInterval } from '../twin/simulate.js';
import { dissatisfaction, type TouchpointEvidence, type TouchpointScore } from './key-touchpoints.js';

export const INTERVENTION_KINDS = ['fix_drop_off', 'remove_friction', 'add_reminder', 'personalise', 'add_channel'] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/**
 * The effect parameters the twin simulates, all 0..1:
 * - `share` (fix_drop_off, remove_friction, personalise): the share of the people who drop after
 *   the touchpoint that go on to its most common next step instead;
 * - `reach` (add_reminder, add_channel): the share of the people at the touchpoint who get the new
 *   touchpoint (the twin's `add_touchpoint.probability`; above 0);
 * - `lift` (add_reminder, add_channel): how many probability points more often the new touchpoint
 *   converts than the touchpoint alone (the twin's `add_touchpoint.conversionLift`).
 */
export const EFFECT_PARAMS = ['share', 'reach', 'lift'] as const;
export type EffectParam = (typeof EFFECT_PARAMS)[number];
export type InterventionEffectParams = Partial<Record<EffectParam, number>>;

/** The effect parameters that apply to each kind. */
export const INTERVENTION_EFFECT_PARAMS: Record<InterventionKind, readonly EffectParam[]> = {
  fix_drop_off: ['share'],
  remove_friction: ['share'],
  add_reminder: ['reach', 'lift'],
  personalise: ['share'],
  add_channel: ['reach', 'lift'],
};

/**
 * Default feasibility (0..1: the chance the action ships and works as assumed), cost (in the
 * currency of the conversion values) and effect parameters of each kind. They are starting
 * points for a team to overwrite with its own estimates (see `overrides`).
 */
export const INTERVENTION_DEFAULTS: Record<InterventionKind, { feasibility: number; cost: number; effect: InterventionEffectParams }> = {
  fix_drop_off: { feasibility: 0.6, cost: 20_000, effect: { share: 0.2 } },
  remove_friction: { feasibility: 0.7, cost: 10_000, effect: { share: 0.1 } },
  add_reminder: { feasibility: 0.8, cost: 5_000, effect: { reach: 0.5, lift: 0.1 } },
  personalise: { feasibility: 0.5, cost: 15_000, effect: { share: 0.05 } },
  add_channel: { feasibility: 0.4, cost: 25_000, effect: { reach: 0.2, lift: 0.05 } },
};

/** The kind of an intervention id (`kind:touchpoint`), or null when its prefix is no kind. */
export function interventionKindOf(id: string): InterventionKind | null {
  const i = id.indexOf(':');
  const k = i < 0 ? id : id.slice(0, i);
  return (INTERVENTION_KINDS as readonly string[]).includes(k) ? (k as InterventionKind) : null;
}

/** The effect parameters used for a kind: the team's where set, else the defaults. */
export function effectiveEffect(kind: InterventionKind, override: InterventionOverride = {}): { params: InterventionEffectParams; source: 'default' | 'user' } {
  const params: InterventionEffectParams = {};
  let user = false;
  for (const k of INTERVENTION_EFFECT_PARAMS[kind]) {
    const v = override[k];
    if (v !== undefined) user = true;
    params[k] = v ?? INTERVENTION_DEFAULTS[kind].effect[k]!;
  }
  return { params, source: user ? 'user' : 'default' };
}

const pctText = (x: number) => `${+(x * 100).toFixed(2)}%`;

/** What the twin simulates, in words, from the actual numbers. */
export function describeEffect(kind: InterventionKind, p: InterventionEffectParams, next?: string): string {
  const to = next === undefined ? 'go on to its most common next step' : next === TWIN_CONVERSION ? 'convert' : `go on to its most common next step (${next})`;
  switch (kind) {
    case 'fix_drop_off':
    case 'remove_friction':
    case 'personalise':
      return `${pctText(p.share!)} of the people who drop after the touchpoint ${to} instead`;
    case 'add_reminder':
      return `${pctText(p.reach!)} of the people at the touchpoint get a reminder that converts ${+(p.lift! * 100).toFixed(2)} points more often than the touchpoint alone`;
    case 'add_channel':
      return `${pctText(p.reach!)} of the people at the touchpoint are offered another channel that converts ${+(p.lift! * 100).toFixed(2)} points more often`;
  }
}

export interface InterventionCandidate {
  /** Stable id: `kind:touchpoint` (what the overrides of feasibility, cost and effect are keyed by). */
  id: string;
  kind: InterventionKind;
  touchpoint: string;
  /** Why this action was proposed: the rule and the evidence numbers it saw. */
  reason: string;
  evidence: Record<string, number | null>;
  /** What the twin simulates. */
  twin: TwinIntervention[];
  /** The same in words, from the numbers in `params`. */
  effect: string;
  /** The effect parameters the twin interventions were built from (only those of the kind). */
  params: InterventionEffectParams;
  /** Whether the effect parameters are the defaults or (any of them) the team's. */
  source: { effect: 'default' | 'user' };
}

/** The most likely onward target of a state (a touchpoint or conversion), with P(drop). */
function onward(chain: TwinChain, state: string): { next: string; pNext: number; pDrop: number } | null {
  if (!chain.states.includes(state)) return null;
  const row = twinRow(chain, state);
  const pDrop = row[TWIN_DROP] ?? 0;
  let next: string | null = null;
  let pNext = 0;
  for (const [k, p] of Object.entries(row)) if (k !== TWIN_DROP && k !== state && p > pNext) [next, pNext] = [k, p];
  return next === null || pDrop <= 0 ? null : { next, pNext, pDrop };
}

/**
 * Move `share` of P(drop) to the most likely next step (the twin takes raised mass from the drop
 * first): P(state → next) becomes pNext + share × pDrop.
 */
function recoverDrop(chain: TwinChain, state: string, share: number): { twin: TwinIntervention[]; next: string } | null {
  const o = onward(chain, state);
  if (!o) return null;
  return { twin: [{ kind: 'scale_transition', from: state, to: o.next, factor: 1 + (share * o.pDrop) / o.pNext }], next: o.next };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : 0;
};

/**
 * Candidate actions for the top key touchpoints, each with the rule that proposed it:
 * - fix drop-off: drop-off after the touchpoint ≥ 25%;
 * - remove friction: dissatisfaction ≥ 0.5 (negative sentiment or CSAT ≤ 50%);
 * - add a reminder: a consideration or conversion touchpoint with drop-off ≥ 30%;
 * - personalise: reach and drop-off both at or above the median of the scored touchpoints;
 * - add a channel: a web or app touchpoint in the conversion stage with drop-off ≥ 30%.
 * Only touchpoints that are states of the twin's chain get candidates (the twin must be able
 * to simulate them). The effect of each comes from `overrides[id]` where the team set it, else
 * from INTERVENTION_DEFAULTS.
 */
export function candidateInterventions(
  scores: readonly TouchpointScore[],
  evidence: readonly TouchpointEvidence[],
  chain: TwinChain,
  top = 8,
  overrides: InterventionOverrides = {},
): InterventionCandidate[] {
  const ev = new Map(evidence.map((e) => [e.touchpoint, e]));
  const medReach = median(evidence.map((e) => e.reach));
  const medDrop = median(evidence.map((e) => e.dropOff ?? 0));
  const out: InterventionCandidate[] = [];
  for (const s of scores.slice(0, top)) {
    const e = ev.get(s.touchpoint);
    if (!e || !chain.states.includes(s.touchpoint)) continue;
    const drop = e.dropOff ?? 0;
    const unhappy = dissatisfaction(e);
    const facts = { score: s.score, reach: e.reach, dropOff: e.dropOff, removalEffect: e.removalEffect, sentiment: e.sentiment, csat: e.csat };
    const add = (kind: InterventionKind, reason: string) => {
      const id = `${kind}:${s.touchpoint}`;
      const { params, source } = effectiveEffect(kind, overrides[id]);
      let built: { twin: TwinIntervention[]; next?: string } | null;
      if (kind === 'add_reminder' || kind === 'add_channel') {
        const label = kind === 'add_reminder' ? `Reminder after ${s.touchpoint}` : `${s.touchpoint} (another channel)`;
        built = { twin: [{ kind: 'add_touchpoint', label, after: s.touchpoint, probability: params.reach!, conversionLift: params.lift! }] };
      } else built = recoverDrop(chain, s.touchpoint, params.share!);
      if (built)
        out.push({ id, kind, touchpoint: s.touchpoint, reason, evidence: facts, twin: built.twin, effect: describeEffect(kind, params, built.next), params, source: { effect: source } });
    };
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    if (drop >= 0.25) add('fix_drop_off', `drop-off after it is ${pct(drop)} (rule: ≥ 25%)`);
    if (unhappy !== null && unhappy >= 0.5)
      add('remove_friction', `dissatisfaction ${unhappy.toFixed(2)} (sentiment ${e.sentiment?.toFixed(2) ?? 'n/a'}, CSAT ${e.csat === null ? 'n/a' : pct(e.csat)}; rule: ≥ 0.5)`);
    if ((e.stage === 'consideration' || e.stage === 'conversion') && drop >= 0.3) add('add_reminder', `a ${e.stage} touchpoint losing ${pct(drop)} (rule: ≥ 30%)`);
    if (e.reach >= medReach && drop >= medDrop && drop > 0)
      add('personalise', `reach ${e.reach} and drop-off ${pct(drop)} are both at or above the median (${medReach}, ${pct(medDrop)})`);
    if ((e.channel === 'web' || e.channel === 'app') && e.stage === 'conversion' && drop >= 0.3)
      add('add_channel', `a ${e.channel} conversion touchpoint losing ${pct(drop)} (rule: ≥ 30%)`);
  }
  return out;
}

/**
 * A team's own estimates for one intervention: feasibility and cost, and the effect parameters
 * of its kind (see EFFECT_PARAMS; a parameter of another kind is refused, see
 * `interventionOverrideSchemaFor`).
 */
export const interventionOverrideSchema = z
  .object({
    feasibility: z.number().min(0).max(1).optional(),
    cost: z.number().positive().max(1e12).optional(),
    share: z.number().min(0).max(1).optional(),
    reach: z.number().gt(0).max(1).optional(),
    lift: z.number().min(0).max(1).optional(),
  })
  .strict();
export type InterventionOverride = z.infer<typeof interventionOverrideSchema>;

/** The first effect parameter of `o` that does not apply to the kind of `id`, with why. */
export function overrideKindIssue(id: string, o: InterventionOverride): { field: EffectParam; message: string } | null {
  const kind = interventionKindOf(id);
  for (const field of EFFECT_PARAMS) {
    if (o[field] === undefined) continue;
    if (kind === null) return { field, message: `needs an id of a known kind (${INTERVENTION_KINDS.join(', ')}):touchpoint` };
    if (!INTERVENTION_EFFECT_PARAMS[kind].includes(field))
      return { field, message: `does not apply to ${kind} (it takes ${INTERVENTION_EFFECT_PARAMS[kind].join(' and ')})` };
  }
  return null;
}

/** The override schema for one id: also refuses effect parameters of another kind (the issue's path is the field). */
export const interventionOverrideSchemaFor = (id: string) =>
  interventionOverrideSchema.superRefine((o, ctx) => {
    const issue = overrideKindIssue(id, o);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });

export const interventionOverridesSchema = z.record(z.string().min(1).max(500), interventionOverrideSchema).superRefine((all, ctx) => {
  for (const [id, o] of Object.entries(all)) {
    const issue = overrideKindIssue(id, o);
    if (issue) ctx.addIssue({ code: 'custom', path: [id, issue.field], message: issue.message });
  }
});
export type InterventionOverrides = z.infer<typeof interventionOverridesSchema>;

export interface RankedIntervention extends InterventionCandidate {
  rank: number;
  /** Expected change over the projected journeys (from the twin, with its interval). */
  uplift: { conversions: TwinInterval; revenue: TwinInterval; conversionRate: TwinInterval };
  feasibility: number;
  cost: number;
  /** Where feasibility, cost and the effect parameters came from. */
  source: { feasibility: 'default' | 'user'; cost: 'default' | 'user'; effect: 'default' | 'user' };
  /** uplift.revenue × feasibility ÷ cost (the expected return per unit spent), and the same at the interval's low end. */
  roi: number;
  roiLow: number;
}

/** Rank by ROI = expected revenue uplift × feasibility ÷ cost; ties by the low end, then id. */
export function rankInterventions(
  candidates: ReadonlyArray<InterventionCandidate & { uplift: RankedIntervention['uplift'] }>,
  overrides: InterventionOverrides = {},
): RankedIntervention[] {
  const rows = candidates.map((c) => {
    const d = INTERVENTION_DEFAULTS[c.kind];
    const o = overrides[c.id] ?? {};
    const feasibility = o.feasibility ?? d.feasibility;
    const cost = o.cost ?? d.cost;
    return {
      ...c,
      rank: 0,
      feasibility,
      cost,
      source: { ...c.source, feasibility: o.feasibility === undefined ? 'default' : 'user', cost: o.cost === undefined ? 'default' : 'user' } as const,
      roi: (c.uplift.revenue.estimate * feasibility) / cost,
      roiLow: (c.uplift.revenue.low * feasibility) / cost,
    };
  });
  rows.sort((a, b) => b.roi - a.roi || b.roiLow - a.roiLow || (a.id < b.id ? -1 : 1));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

