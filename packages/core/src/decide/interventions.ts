import { z } from 'zod';
import { TWIN_DROP } from '../twin/twin-states.js';
import { twinRow, type TwinChain } from '../twin/twin-chain.js';
import type { TwinIntervention } from '../twin/interventions.schema.js';
import type { TwinInterval } from '../twin/simulate.js';
import { dissatisfaction, type TouchpointEvidence, type TouchpointScore } from './key-touchpoints.js';

export const INTERVENTION_KINDS = ['fix_drop_off', 'remove_friction', 'add_reminder', 'personalise', 'add_channel'] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/**
 * Default feasibility (0..1: the chance the action ships and works as assumed) and cost (in the
 * currency of the conversion values) of each kind, and the effect the twin simulates for it.
 * They are starting points for a team to overwrite with its own estimates (see `overrides`).
 */
export const INTERVENTION_DEFAULTS: Record<InterventionKind, { feasibility: number; cost: number; effect: string }> = {
  fix_drop_off: { feasibility: 0.6, cost: 20_000, effect: 'a fifth of the people who drop after the touchpoint go on to its most common next step instead' },
  remove_friction: { feasibility: 0.7, cost: 10_000, effect: 'a tenth of the people who drop after the touchpoint go on instead' },
  add_reminder: { feasibility: 0.8, cost: 5_000, effect: 'half of the people at the touchpoint get a reminder that converts 10 points more often than the touchpoint alone' },
  personalise: { feasibility: 0.5, cost: 15_000, effect: 'one person in twenty of those who drop goes on instead' },
  add_channel: { feasibility: 0.4, cost: 25_000, effect: 'a fifth of the people at the touchpoint are offered another channel that converts 5 points more often' },
};

export interface InterventionCandidate {
  /** Stable id: `kind:touchpoint` (what feasibility and cost overrides are keyed by). */
  id: string;
  kind: InterventionKind;
  touchpoint: string;
  /** Why this action was proposed: the rule and the evidence numbers it saw. */
  reason: string;
  evidence: Record<string, number | null>;
  /** What the twin simulates. */
  twin: TwinIntervention[];
  effect: string;
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

/** Move `share` of P(drop) to the most likely next step (the twin takes raised mass from the drop first). */
function recoverDrop(chain: TwinChain, state: string, share: number): TwinIntervention[] | null {
  const o = onward(chain, state);
  if (!o) return null;
  return [{ kind: 'scale_transition', from: state, to: o.next, factor: 1 + (share * o.pDrop) / o.pNext }];
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
 * to simulate them).
 */
export function candidateInterventions(scores: readonly TouchpointScore[], evidence: readonly TouchpointEvidence[], chain: TwinChain, top = 8): InterventionCandidate[] {
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
    const add = (kind: InterventionKind, reason: string, twin: TwinIntervention[] | null) => {
      if (twin) out.push({ id: `${kind}:${s.touchpoint}`, kind, touchpoint: s.touchpoint, reason, evidence: facts, twin, effect: INTERVENTION_DEFAULTS[kind].effect });
    };
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    if (drop >= 0.25) add('fix_drop_off', `drop-off after it is ${pct(drop)} (rule: ≥ 25%)`, recoverDrop(chain, s.touchpoint, 0.2));
    if (unhappy !== null && unhappy >= 0.5)
      add('remove_friction', `dissatisfaction ${unhappy.toFixed(2)} (sentiment ${e.sentiment?.toFixed(2) ?? 'n/a'}, CSAT ${e.csat === null ? 'n/a' : pct(e.csat)}; rule: ≥ 0.5)`, recoverDrop(chain, s.touchpoint, 0.1));
    if ((e.stage === 'consideration' || e.stage === 'conversion') && drop >= 0.3)
      add('add_reminder', `a ${e.stage} touchpoint losing ${pct(drop)} (rule: ≥ 30%)`, [
        { kind: 'add_touchpoint', label: `Reminder after ${s.touchpoint}`, after: s.touchpoint, probability: 0.5, conversionLift: 0.1 },
      ]);
    if (e.reach >= medReach && drop >= medDrop && drop > 0)
      add('personalise', `reach ${e.reach} and drop-off ${pct(drop)} are both at or above the median (${medReach}, ${pct(medDrop)})`, recoverDrop(chain, s.touchpoint, 0.05));
    if ((e.channel === 'web' || e.channel === 'app') && e.stage === 'conversion' && drop >= 0.3)
      add('add_channel', `a ${e.channel} conversion touchpoint losing ${pct(drop)} (rule: ≥ 30%)`, [
        { kind: 'add_touchpoint', label: `${s.touchpoint} (another channel)`, after: s.touchpoint, probability: 0.2, conversionLift: 0.05 },
      ]);
  }
  return out;
}

/** A team's own estimates, by intervention id. */
export const interventionOverrideSchema = z
  .object({ feasibility: z.number().min(0).max(1).optional(), cost: z.number().positive().max(1e12).optional() })
  .strict();
export const interventionOverridesSchema = z.record(z.string().min(1).max(500), interventionOverrideSchema);
export type InterventionOverrides = z.infer<typeof interventionOverridesSchema>;

export interface RankedIntervention extends InterventionCandidate {
  rank: number;
  /** Expected change over the projected journeys (from the twin, with its interval). */
  uplift: { conversions: TwinInterval; revenue: TwinInterval; conversionRate: TwinInterval };
  feasibility: number;
  cost: number;
  /** Where feasibility and cost came from. */
  source: { feasibility: 'default' | 'user'; cost: 'default' | 'user' };
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
      source: { feasibility: o.feasibility === undefined ? 'default' : 'user', cost: o.cost === undefined ? 'default' : 'user' } as const,
      roi: (c.uplift.revenue.estimate * feasibility) / cost,
      roiLow: (c.uplift.revenue.low * feasibility) / cost,
    };
  });
  rows.sort((a, b) => b.roi - a.roi || b.roiLow - a.roiLow || (a.id < b.id ? -1 : 1));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

