import { apiSend } from '../api/client.js';

/** The id is `kind:touchpoint`; it is URL-encoded as one path segment. */
const interventionPath = (id: string) => `/v1/interventions/${encodeURIComponent(id)}`;

export const saveEstimate = (id: string, estimate: { feasibility: number; cost: number }) => apiSend<unknown>('PUT', interventionPath(id), estimate);
export const resetEstimate = (id: string) => apiSend<unknown>('DELETE', interventionPath(id));
