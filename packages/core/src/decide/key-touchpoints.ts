import { z } from 'zod';

/** What is known about one touchpoint, from the analyses (journey map, attribution, experience). */
export interface TouchpointEvidence {
  touchpoint: string;
  channel: string | null;
  stage: string | null;
  /** People who had the touchpoint. */
  reach: number;
  /** Events per person reached. */
  frequency: number;
  /** Markov removal effect (share of conversions lost without it), null when not attributed. */
  removalEffect: number | null;
  /** Share of the people at the touchpoint who do not go on to a later stage (1 − onward conversion). */
  dropOff: number | null;
  /** Mean sentiment of feedback about it, −1..1. */
  sentiment: number | null;
  /** CSAT: share of 4–5 answers about it. */
  csat: number | null;
}

export const SCORE_COMPONENTS = ['reach', 'frequency', 'attribution', 'dropOff', 'experience'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];

/** Weights of the components; they are normalised to sum to 1. */
export const scoreWeightsSchema = z
  .object({
    reach: z.number().min(0).default(0.25),
    frequency: z.number().min(0).default(0.1),
    attribution: z.number().min(0).default(0.3),
    dropOff: z.number().min(0).default(0.2),
    experience: z.number().min(0).default(0.15),
  })
  .strict()
  .refine((w) => SCORE_COMPONENTS.some((k) => w[k] > 0), { message: 'at least one weight must be above 0' });
export type ScoreWeights = z.output<typeof scoreWeightsSchema>;

export interface ComponentScore {
  /** The raw figure (reach in people, frequency in events/person, removal effect, drop-off share, dissatisfaction 0..1). */
  value: number | null;
  /** 0..1 after normalising across the touchpoints scored together. */
  normalized: number;
  weight: number;
  /** normalized × weight: the part of the score this component gives. */
  contribution: number;
}

export interface TouchpointScore {
  touchpoint: string;
  channel: string | null;
  stage: string | null;
  /** 0..1: the sum of the contributions. */
  score: number;
  rank: number;
  components: Record<ScoreComponent, ComponentScore>;
}

/**
 * Dissatisfaction 0..1 from sentiment (−1..1 → 1..0) and CSAT share (1..0); the mean of what
 * is known, null without any feedback.
 */
export function dissatisfaction(e: Pick<TouchpointEvidence, 'sentiment' | 'csat'>): number | null {
  const parts: number[] = [];
  if (e.sentiment !== null) parts.push((1 - Math.max(-1, Math.min(1, e.sentiment))) / 2);
  if (e.csat !== null) parts.push(1 - Math.max(0, Math.min(1, e.csat)));
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null;
}

/**
 * Key touchpoints: a score per touchpoint from reach, frequency, attribution (removal effect),
 * drop-off after it and experience (dissatisfaction), each normalised by the largest value
 * among the touchpoints scored (so 1 = the most of that component), weighted, and summed. A
 * high score means the touchpoint matters and has room to improve: wide reach, large share of
 * conversions depending on it, many people lost after it, unhappy customers. Unknown
 * components count 0 and show `value: null`.
 */
export function scoreTouchpoints(evidence: readonly TouchpointEvidence[], weightsIn: Partial<ScoreWeights> = {}): TouchpointScore[] {
  const weights = scoreWeightsSchema.parse(weightsIn);
  const total = SCORE_COMPONENTS.reduce((a, k) => a + weights[k], 0);
  const raw = (e: TouchpointEvidence): Record<ScoreComponent, number | null> => ({
    reach: e.reach,
    frequency: e.frequency,
    attribution: e.removalEffect === null ? null : Math.max(0, e.removalEffect),
    dropOff: e.dropOff,
    experience: dissatisfaction(e),
  });
  const rows = evidence.map((e) => ({ e, r: raw(e) }));
  const max = Object.fromEntries(SCORE_COMPONENTS.map((k) => [k, Math.max(0, ...rows.map(({ r }) => r[k] ?? 0))])) as Record<ScoreComponent, number>;
  const scored = rows.map(({ e, r }) => {
    const components = Object.fromEntries(
      SCORE_COMPONENTS.map((k) => {
        const v = r[k];
        const normalized = v === null || max[k] === 0 ? 0 : v / max[k];
        const weight = weights[k] / total;
        return [k, { value: v, normalized, weight, contribution: normalized * weight }];
      }),
    ) as Record<ScoreComponent, ComponentScore>;
    const score = SCORE_COMPONENTS.reduce((a, k) => a + components[k].contribution, 0);
    return { touchpoint: e.touchpoint, channel: e.channel, stage: e.stage, score, rank: 0, components };
  });
  scored.sort((a, b) => b.score - a.score || (a.touchpoint < b.touchpoint ? -1 : a.touchpoint > b.touchpoint ? 1 : 0));
  scored.forEach((s, i) => (s.rank = i + 1));
  return scored;
}
