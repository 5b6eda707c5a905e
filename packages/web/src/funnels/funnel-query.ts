/** The funnel builder's state, kept in the URL: `?step=A&step=B&window=7d&order=sequential&breakdown=persona`. */
export const WINDOWS = ['1d', '7d', '14d', '30d'] as const;
export const ORDERS = ['sequential', 'strict', 'any'] as const;
export type FunnelWindow = (typeof WINDOWS)[number];
export type FunnelOrderMode = (typeof ORDERS)[number];

export interface FunnelQuery {
  steps: string[];
  window: FunnelWindow;
  order: FunnelOrderMode;
  breakdown: 'persona' | null;
}

const pick = <T extends string>(all: readonly T[], v: string | null, fallback: T): T => (v !== null && (all as readonly string[]).includes(v) ? (v as T) : fallback);

export function readFunnelQuery(p: URLSearchParams): FunnelQuery {
  return {
    steps: p.getAll('step').filter((s) => s !== ''),
    window: pick(WINDOWS, p.get('window'), '7d'),
    order: pick(ORDERS, p.get('order'), 'sequential'),
    breakdown: p.get('breakdown') === 'persona' ? 'persona' : null,
  };
}

export function writeFunnelQuery(q: FunnelQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  next.delete('step');
  for (const s of q.steps) next.append('step', s);
  next.set('window', q.window);
  next.set('order', q.order);
  if (q.breakdown) next.set('breakdown', q.breakdown);
  else next.delete('breakdown');
  return next;
}

/** The `POST /v1/analytics/funnel` definition: each step is a touchpoint of the catalogue. */
export function funnelDefinition(q: FunnelQuery): Record<string, unknown> {
  return {
    steps: q.steps.map((touchpoint) => ({ touchpoint })),
    window: q.window,
    order: q.order,
    interval: 'week',
    ...(q.breakdown ? { breakdown: { trait: q.breakdown } } : {}),
  };
}
