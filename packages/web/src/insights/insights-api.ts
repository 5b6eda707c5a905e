import type { Dashboard, DashboardInput, DashboardSummary, Insight, InsightInput, InsightKind, InsightList } from '@trailmap/core';
import { apiGet, apiPost, apiSend } from '../api/client.js';

/** The web app's calls to `/v1/insights` and `/v1/dashboards` (answer types from core). */
export const listInsights = (signal?: AbortSignal) => apiGet<InsightList>('/v1/insights', signal);
export const getInsight = (id: string, signal?: AbortSignal) => apiGet<Insight>(`/v1/insights/${encodeURIComponent(id)}`, signal);
export const createInsight = (body: InsightInput) => apiPost<Insight>('/v1/insights', body);
export const updateInsight = (id: string, patch: Partial<Omit<InsightInput, 'kind'>>) => apiSend<Insight>('PATCH', `/v1/insights/${encodeURIComponent(id)}`, patch);
export const deleteInsight = (id: string) => apiSend<{ id: string; deleted: true; dashboards: string[] }>('DELETE', `/v1/insights/${encodeURIComponent(id)}`);

export const listDashboards = (signal?: AbortSignal) => apiGet<{ dashboards: DashboardSummary[] }>('/v1/dashboards', signal);
export const getDashboard = (id: string, signal?: AbortSignal) => apiGet<Dashboard>(`/v1/dashboards/${encodeURIComponent(id)}`, signal);
export const createDashboard = (body: DashboardInput) => apiPost<Dashboard>('/v1/dashboards', body);
export const updateDashboard = (id: string, patch: Partial<DashboardInput>) => apiSend<Dashboard>('PATCH', `/v1/dashboards/${encodeURIComponent(id)}`, patch);
export const deleteDashboard = (id: string) => apiSend<{ id: string; deleted: true }>('DELETE', `/v1/dashboards/${encodeURIComponent(id)}`);

/** The page each kind is analysed on (lifecycle and metrics live on the retention page). */
export const KIND_PAGE: Record<InsightKind, string> = {
  funnel: '/funnels',
  paths: '/paths',
  retention: '/retention',
  lifecycle: '/retention',
  metrics: '/retention',
  'journey-map': '/',
  attribution: '/attribution',
};

/** The URL parameter naming the saved insight a page was opened from (so "Save" can update it). */
export const INSIGHT_PARAM = 'insight';

/** A page's query without the parameters that are not part of the analysis (the insight id, the language). */
export function viewOf(search: string): string {
  const p = new URLSearchParams(search);
  p.delete(INSIGHT_PARAM);
  p.delete('lang');
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Where an insight opens: its page with its saved query, the insight's id and the current language. */
export function insightHref(i: Pick<Insight, 'id' | 'kind' | 'view'>, lang: string | null): string {
  const p = new URLSearchParams(i.view ?? '');
  p.set(INSIGHT_PARAM, i.id);
  if (lang) p.set('lang', lang);
  return `${KIND_PAGE[i.kind]}?${p}`;
}
