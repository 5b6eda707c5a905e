import { apiSend } from '../api/client.js';

/** The id is `kind:touchpoint`; it is URL-encoded as one path segment. */
const interventionPath = (id: string) => `/v1/interventions/${encodeURIComponent(id)}`;

/** The edited estimates: feasibility, cost, and the effect parameters of the id's kind (`share`, or `reach` and `lift`). */
export const saveEstimate = (id: string, estimate: { feasibility?: number; cost?: number; share?: number; reach?: number; lift?: number }) =>
  apiSend<unknown>('PUT', interventionPath(id), estimate);
export const resetEstimate = (id: string) => apiSend<unknown>('DELETE', interventionPath(id));
