/** Lexicon-based sentiment for short customer feedback in English and Simplified Chinese. See docs/sentiment.md. */
export type { Language, SentimentLabel, SentimentMatch, SentimentResult } from './types.js';
export {
  scoreSentiment, detectLanguage, labelFor, NEGATION_SCALAR, CONTRAST_BEFORE, CONTRAST_AFTER, EXCLAMATION_INCREMENT,
  MAX_EXCLAMATIONS, CAPS_INCREMENT, NORMALIZATION_ALPHA, LABEL_THRESHOLD,
} from './score.js';
