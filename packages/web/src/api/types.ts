// Result shapes of the public API, taken from the domain package (types only, nothing bundled).
export type { JourneyMapResult, JourneyCell, JourneyStage, JourneyFlag, FunnelResult, FunnelStepResult } from '@trailmap/core';

/** `GET /v1/touchpoints`. */
export interface TouchpointRow {
  touchpoint: string;
  channel: string;
  type: string;
  stage: string;
  events: number;
  people: number;
}
