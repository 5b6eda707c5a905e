import { scoreSentiment } from '../../experience/sentiment/index.js';
import type { SentimentScorer } from './experience-scores.js';

/**
 * The scorer analyses use: `scoreSentiment` with the feedback's `language` property when it is
 * one the scorer knows (`en`, `zh`), else the scorer detects the language from the text.
 */
export const defaultSentimentScorer: SentimentScorer = (text, language) => scoreSentiment(text, language === 'en' || language === 'zh' ? language : undefined);
