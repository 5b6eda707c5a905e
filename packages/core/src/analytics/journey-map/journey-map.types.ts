import type { emotionOf, ExperienceScores } from '../experience/experience-scores.js';
import type { CellCounts } from './journey-counts.js';

export type Emotion = ReturnType<typeof emotionOf>;

/** A cell of the map (stage × channel lane × touchpoint) with its rates and experience scores. */
export interface JourneyCell extends CellCounts {
  /** converted / people; null in the last stage (there is no later stage). */
  conversion: number | null;
  /** bounces / sessions. */
  bounceRate: number;
  experience: ExperienceScores;
}

export interface JourneyStage {
  stage: string;
  people: number;
  events: number;
  converted: number;
  conversion: number | null;
  cells: number;
  experience: ExperienceScores;
  emotion: Emotion;
}
