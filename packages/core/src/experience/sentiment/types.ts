/** Languages the sentiment scorer understands. */
export type Language = 'en' | 'zh';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** One lexicon term found in the text, with what the rules did to it. */
export interface SentimentMatch {
  /** The lexicon entry as matched (lower case for English). */
  term: string;
  /**
   * What the term contributed to the raw sum: (lexicon weight ± ALL-CAPS boost) × intensity
   * × (−0.74 if negated) × clause weight (0.5 before a "but", 1.5 after, else 1).
   */
  weight: number;
  negated: boolean;
  /** Multiplier from intensifiers (> 1) and dampeners (< 1); 1 when there was none. */
  intensity: number;
}

export interface SentimentResult {
  /** Normalised score in −1..1: sum / sqrt(sum² + 15). */
  score: number;
  label: SentimentLabel;
  language: Language;
  matched: SentimentMatch[];
}
