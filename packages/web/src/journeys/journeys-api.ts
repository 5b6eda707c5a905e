import type { JourneyDefinition, JourneyDetail, JourneyListAnswer, JourneyMessagesAnswer, JourneyPreview, JourneyStats, JourneyValidation } from '@trailmap/core';
import { apiGet, apiPost, apiSend } from '../api/client.js';

/** The journeys API (packages/server/src/routes/journeys.route.ts): reads with the session's read scope, writes need an admin session. */
const base = '/v1/journeys';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listJourneys = (signal?: AbortSignal) => apiGet<JourneyListAnswer>(base, signal);
export const getJourney = (id: string, signal?: AbortSignal) => apiGet<JourneyDetail>(one(id), signal);
/** The counts of every version (`version` null) or of one. */
export const getJourneyStats = (id: string, version: number | null, signal?: AbortSignal) => apiGet<JourneyStats>(`${one(id)}/stats${version === null ? '' : `?version=${version}`}`, signal);
/** The definition as JSON the user wrote (parsed or not): the server validates it and answers 400 naming the field. */
export const createJourney = (definition: unknown) => apiPost<JourneyDetail>(base, definition);
export const saveJourney = (id: string, definition: JourneyDefinition) => apiSend<JourneyDetail>('PUT', one(id), definition);
export const validateJourney = (definition: unknown, signal?: AbortSignal) => apiPost<JourneyValidation>(`${base}/validate`, definition, signal);

export const LIFECYCLE_ACTIONS = ['publish', 'pause', 'resume', 'archive'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
export const journeyAction = (id: string, action: LifecycleAction) => apiPost<JourneyDetail>(`${one(id)}/${action}`, {});

export const previewStep = (id: string, personId: string, stepId: string) => apiPost<JourneyPreview>(`${one(id)}/preview`, { personId, stepId });

export interface MessageFilters {
  journeyId: string;
  status: string;
  channel: string;
  personId: string;
}
export const MESSAGES_PAGE = 50;
/** `GET /v1/messages`, newest first; `cursor` is the previous page's `next`. */
export const messagesPath = (f: MessageFilters, cursor: string | null) => {
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== ''));
  q.set('limit', String(MESSAGES_PAGE));
  if (cursor) q.set('cursor', cursor);
  return `/v1/messages?${q}`;
};
export const listMessages = (path: string, signal?: AbortSignal) => apiGet<JourneyMessagesAnswer>(path, signal);
