/** The Data page's state in the URL: `/data?tab=quarantine&file=crm.csv&offset=25`. */
export const TABS = ['sources', 'import', 'quarantine', 'touchpoints', 'keys', 'pii'] as const;
export type DataTab = (typeof TABS)[number];
export const QUARANTINE_PAGE = 25;

export interface DataQuery {
  tab: DataTab;
  /** Quarantine: only this file's rows. */
  file: string | null;
  offset: number;
  /** Touchpoint catalogue filter. */
  tp: string;
}

export function readDataQuery(p: URLSearchParams): DataQuery {
  const tab = p.get('tab');
  const offset = Number(p.get('offset'));
  return {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as DataTab) : 'sources',
    file: p.get('file') || null,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    tp: p.get('tp') ?? '',
  };
}

/** The query string for a state, keeping other parameters (the language). */
export function writeDataQuery(q: DataQuery, base: URLSearchParams): string {
  const next = new URLSearchParams(base);
  const set = (k: string, v: string | null) => (v ? next.set(k, v) : next.delete(k));
  set('tab', q.tab === 'sources' ? null : q.tab);
  set('file', q.tab === 'quarantine' ? q.file : null);
  set('offset', q.tab === 'quarantine' && q.offset > 0 ? String(q.offset) : null);
  set('tp', q.tab === 'touchpoints' ? q.tp : null);
  return `?${next}`;
}
