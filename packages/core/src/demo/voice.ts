import type { J } from './context.js';
import { feedbackText, type FeedbackTopic, type Polarity } from './feedback-text.js';
import type { Device } from './people.js';

/** Voice of the customer: surveys (CSAT, NPS, CES) and free-text feedback tied to a touchpoint. */
export type SurveyKind = 'csat' | 'nps' | 'ces';

/** Emit `Survey Responded`: in the app or browser when `d` is given, else from the survey email. */
export function survey(j: J, ts: number, kind: SurveyKind, score: number, touchpoint: string, d?: Device, extra?: Record<string, unknown>): void {
  const props = { survey: kind, score, touchpoint, ...extra };
  if (d) j.w.track(ts, d, 'Survey Responded', props);
  else j.w.server(ts, 'email', 'Survey Responded', props);
}

/** Emit `Feedback Submitted` with text in the person's language. */
export function feedback(
  j: J, ts: number, topic: FeedbackTopic, polarity: Polarity, touchpoint: string, d?: Device, extra?: Record<string, unknown>,
): void {
  const lang = j.p.lang;
  const props = { text: feedbackText(j.rng, lang, topic, polarity), language: lang, touchpoint, ...extra };
  if (d) j.w.track(ts, d, 'Feedback Submitted', props);
  else j.w.server(ts, 'email', 'Feedback Submitted', props);
}

/** CSAT 1–5 from weights for scores 1..5. */
export function csatScore(j: J, weights: readonly number[]): number {
  return j.rng.weighted(weights.map((w, i) => [i + 1, w] as const));
}

/** NPS 0–10: detractor 0–6, passive 7–8, promoter 9–10. */
export function npsScore(j: J, mix: { detractor: number; promoter: number }): number {
  const r = j.rng.next();
  if (r < mix.detractor) return j.rng.weighted([[0, 1], [1, 1], [2, 1], [3, 2], [4, 2], [5, 3], [6, 3]]);
  if (r < mix.detractor + mix.promoter) return j.rng.chance(0.55) ? 10 : 9;
  return j.rng.chance(0.5) ? 8 : 7;
}

/** CES 1–7, higher = easier: an easy experience scores 5–7, a hard one 1–3. */
export function cesScore(j: J, easy: boolean): number {
  return easy ? j.rng.weighted([[4, 1], [5, 3], [6, 4], [7, 3]]) : j.rng.weighted([[1, 4], [2, 4], [3, 2], [4, 1]]);
}
