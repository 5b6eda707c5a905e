/**
 * Experience scores from survey answers and free-text feedback, rolled up from counted groups
 * so that the TypeScript reference and the SQL version share one definition: both produce
 * `ResponseGroup`s (how many responses had this survey/score or this text), and everything
 * else is computed here.
 */

/** Track events that carry the voice of the customer. */
export const SURVEY_EVENT = 'Survey Responded';
export const FEEDBACK_EVENT = 'Feedback Submitted';
export const VOICE_EVENTS = [SURVEY_EVENT, FEEDBACK_EVENT] as const;

/** Valid score range of each survey kind; answers outside it (or not numbers) are ignored. */
export const SURVEY_RANGES = { csat: [1, 5], nps: [0, 10], ces: [1, 7] } as const;

/**
 * Responses counted by what they said: a survey answer (survey + score) or a feedback text
 * (text + language), for one rated touchpoint, the channel the response came from and an
 * optional group (e.g. the respondent's latest persona).
 */
export interface ResponseGroup {
  touchpoint: string;
  channel: string;
  group: string | null;
  survey: string | null;
  score: number | null;
  text: string | null;
  language: string | null;
  n: number;
}

/** A sentiment scorer: `scoreSentiment` from `@trailmap/core` or a test double. */
export type SentimentScorer = (text: string, language?: string) => { score: number };

export interface ExperienceScores {
  /** Survey answers and feedback texts counted (valid ones only). */
  responses: number;
  csat: { n: number; mean: number | null; satisfiedShare: number | null };
  nps: { n: number; score: number | null; promoters: number; detractors: number };
  ces: { n: number; mean: number | null };
  sentiment: { n: number; mean: number | null; negativeShare: number | null };
}

/** Running sums of one roll-up; `addGroup` then `finish`. */
export class ScoreTally {
  csatN = 0;
  csatSum = 0;
  csatSatisfied = 0;
  npsN = 0;
  npsPromoters = 0;
  npsDetractors = 0;
  cesN = 0;
  cesSum = 0;
  sentN = 0;
  sentSum = 0;
  sentNegative = 0;

  /** Count a group; `sentiment` is the score of its text (looked up once per distinct text by the caller). */
  addGroup(g: ResponseGroup, sentiment: number | null): void {
    if (g.text !== null && sentiment !== null) {
      this.sentN += g.n;
      this.sentSum += sentiment * g.n;
      if (sentiment < 0) this.sentNegative += g.n;
      return;
    }
    const s = g.score;
    if (s === null || !Number.isFinite(s)) return;
    if (g.survey === 'csat' && s >= 1 && s <= 5) {
      this.csatN += g.n;
      this.csatSum += s * g.n;
      if (s >= 4) this.csatSatisfied += g.n;
    } else if (g.survey === 'nps' && s >= 0 && s <= 10) {
      this.npsN += g.n;
      if (s >= 9) this.npsPromoters += g.n;
      if (s <= 6) this.npsDetractors += g.n;
    } else if (g.survey === 'ces' && s >= 1 && s <= 7) {
      this.cesN += g.n;
      this.cesSum += s * g.n;
    }
  }

  finish(): ExperienceScores {
    const div = (a: number, b: number) => (b > 0 ? round(a / b) : null);
    return {
      responses: this.csatN + this.npsN + this.cesN + this.sentN,
      csat: { n: this.csatN, mean: div(this.csatSum, this.csatN), satisfiedShare: div(this.csatSatisfied, this.csatN) },
      nps: {
        n: this.npsN,
        score: this.npsN > 0 ? round((100 * (this.npsPromoters - this.npsDetractors)) / this.npsN) : null,
        promoters: this.npsPromoters,
        detractors: this.npsDetractors,
      },
      ces: { n: this.cesN, mean: div(this.cesSum, this.cesN) },
      sentiment: { n: this.sentN, mean: div(this.sentSum, this.sentN), negativeShare: div(this.sentNegative, this.sentN) },
    };
  }
}

/** Round to 4 decimals: results are for charts and tables, and both engines then agree exactly. */
export const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * Scores each distinct feedback text once (texts repeat a lot: templates, short answers), so
 * the cost is per distinct text, not per response.
 */
export function sentimentCache(scorer: SentimentScorer): (text: string, language: string | null) => number {
  const cache = new Map<string, number>();
  return (text, language) => {
    const key = `${language ?? ''}\u0000${text}`;
    let s = cache.get(key);
    if (s === undefined) cache.set(key, (s = scorer(text, language ?? undefined).score));
    return s;
  };
}

/**
 * Survey scores and sentiment on one scale, −1 (worst) … 1 (best), for the emotion curve:
 * CSAT mean (1–5) → (m − 3) / 2, NPS (−100…100) → s / 100, CES mean (1–7, higher = easier)
 * → (m − 4) / 3, sentiment mean as is. `emotion` is the mean of the parts that have data.
 */
export function emotionOf(s: ExperienceScores): { sentiment: number | null; csat: number | null; nps: number | null; ces: number | null; emotion: number | null } {
  const csat = s.csat.mean === null ? null : round((s.csat.mean - 3) / 2);
  const nps = s.nps.score === null ? null : round(s.nps.score / 100);
  const ces = s.ces.mean === null ? null : round((s.ces.mean - 4) / 3);
  const sentiment = s.sentiment.mean;
  const parts = [sentiment, csat, nps, ces].filter((x): x is number => x !== null);
  return { sentiment, csat, nps, ces, emotion: parts.length ? round(parts.reduce((a, b) => a + b, 0) / parts.length) : null };
}
