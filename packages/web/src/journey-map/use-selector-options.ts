import { apiPost } from '../api/client.js';
import type { FunnelResult } from '../api/types.js';
import { useApi } from '../api/use-api.js';

export interface SelectorOptions {
  /** Persona trait values with their people, largest first (people without the trait left out). */
  personas: Array<{ value: string; people: number }>;
  /** Months (ISO start) in which people were active, oldest first. */
  months: string[];
}

/**
 * The persona and period choices come from the data: one funnel over "any event" broken down
 * by the persona trait, by month, gives every persona value with its people and the months.
 */
export function useSelectorOptions() {
  return useApi<SelectorOptions>('options', async (signal) => {
    const r = await apiPost<FunnelResult>(
      '/v1/analytics/funnel',
      { steps: [{}, {}], order: 'any', breakdown: { trait: 'persona' }, breakdownLimit: 100, interval: 'month' },
      signal,
    );
    return {
      personas: (r.breakdown ?? []).filter((b) => b.value !== null).map((b) => ({ value: b.value as string, people: b.steps[0]?.count ?? 0 })),
      months: r.overTime.map((p) => p.period),
    };
  });
}
