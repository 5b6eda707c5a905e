import { isTextScore, type ScoreName } from '../scores/person-scores.js';
import { comparisonHolds } from './comparison-condition.js';
import type { ScoreCondition } from './segment-rule.js';

/** One person's stored scores from the latest complete scoring run, by score name (absent: not scored). */
export type ScoreValues = Partial<Record<ScoreName, number | string>>;

/**
 * Whether a person's stored score (undefined: the run did not score them, or there is no run)
 * meets a `{ score, op, value }` condition: a text score (rfmGroup, persona) compares as a trait's
 * text, every other score as a number under every op, as a numeric computed trait does.
 */
export function scoreConditionHolds(value: number | string | undefined, c: ScoreCondition): boolean {
  return comparisonHolds(value, c, !isTextScore(c.score));
}
