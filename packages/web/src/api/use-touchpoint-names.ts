import { apiGet } from './client.js';
import type { TouchpointRow } from './types.js';
import { useApi } from './use-api.js';

/**
 * Touchpoint names of the catalogue (`GET /v1/touchpoints`), busiest first, one name even when
 * it has several channels. The step and anchor choices of the funnel, paths and retention pages.
 */
export function useTouchpointNames() {
  return useApi<string[]>('touchpoints', async (signal) => {
    const { touchpoints } = await apiGet<{ touchpoints: TouchpointRow[] }>('/v1/touchpoints', signal);
    const events = new Map<string, number>();
    for (const r of touchpoints) events.set(r.touchpoint, (events.get(r.touchpoint) ?? 0) + r.events);
    return [...events].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
  });
}
