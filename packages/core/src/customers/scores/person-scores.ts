import type { ChurnReason } from '../churn/churn.schema.js';
import type { RfmGroup } from '../rfm/rfm.schema.js';

/**
 * The per-person model scores a scoring run stores (warehouse table `person_scores`, one row per
 * person and score) and segment rules compare with `{ score, op, value }`.
 * - rfmGroup: the named RFM group (champions, …); rfmR / rfmF / rfmM: the 1–5 quintile scores.
 * - persona: the person's persona key (`persona-1` …, the clustering's clusters by size), whose
 *   saved persona segment and en/zh display name the run writes too.
 * - clv: discounted lifetime value over the run's horizon; pAlive: BG/NBD P(alive);
 *   expectedPurchases: BG/NBD expected purchases over the horizon.
 * - churnRisk: the churn model's probability of no active event in the next window.
 */
export const SCORE_NAMES = ['rfmGroup', 'rfmR', 'rfmF', 'rfmM', 'persona', 'clv', 'pAlive', 'expectedPurchases', 'churnRisk'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];

/** Scores whose value is text (compared as a trait's text is); every other score is a number. */
export const TEXT_SCORES: readonly ScoreName[] = ['rfmGroup', 'persona'];
export const isTextScore = (s: ScoreName): boolean => TEXT_SCORES.includes(s);

/** One person's stored scores from the latest complete scoring run (the profile's `scores`). */
export interface PersonScores {
  /** When the run that wrote them started (its as-of instant). */
  scoredAt: string;
  rfm: { r: number; f: number; m: number; group: RfmGroup } | null;
  persona: { key: string; cluster: number; name: { en: string; zh: string } } | null;
  clv: { clv: number; pAlive: number; expectedPurchases: number; horizon: number; unit: 'day' | 'week' } | null;
  churn: { risk: number; reasons: ChurnReason[] } | null;
}

/** The persona key of a cluster index (0-based, by size): `persona-1` is the largest. */
export const personaKey = (cluster: number): string => `persona-${cluster + 1}`;
