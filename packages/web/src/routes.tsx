import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { matchPath } from 'react-router';
import type { MessageKey } from './i18n/messages.en.js';

/** Every route of the app, in navigation order. */
export interface AppRoute {
  path: string;
  nav: MessageKey;
  /** The page, loaded on demand: each page (and ECharts, which only the chart pages use) is a chunk of its own. */
  Page: LazyExoticComponent<ComponentType>;
  /** Starts loading the page's chunks (once); `Page` then renders from the same load. */
  preload(): Promise<unknown>;
  /** The page once its chunk has loaded (rendered directly, without a Suspense fallback), else undefined. */
  loaded(): ComponentType | undefined;
}

/** A route whose page is a module's named export, loaded with `React.lazy`. */
function route<K extends string>(path: string, nav: MessageKey, load: () => Promise<Record<K, ComponentType>>, name: K): AppRoute {
  let loading: Promise<{ default: ComponentType }> | undefined;
  let page: ComponentType | undefined;
  const preload = () =>
    (loading ??= load().then((m) => {
      page = m[name];
      return { default: m[name] };
    }));
  return { path, nav, Page: lazy(preload), preload, loaded: () => page };
}

export const ROUTES: AppRoute[] = [
  route('/', 'nav.journeyMap', () => import('./journey-map/journey-map-page.js'), 'JourneyMapPage'),
  route('/funnels', 'nav.funnels', () => import('./funnels/funnels-page.js'), 'FunnelsPage'),
  route('/paths', 'paths.nav', () => import('./paths/paths-page.js'), 'PathsPage'),
  route('/attribution', 'attr.nav', () => import('./attribution/attribution-page.js'), 'AttributionPage'),
  route('/retention', 'ret.nav', () => import('./retention/retention-page.js'), 'RetentionPage'),
  route('/people', 'people.nav', () => import('./people/people-page.js'), 'PeoplePage'),
  route('/segments', 'seg.nav', () => import('./segments/segments-page.js'), 'SegmentsPage'),
  route('/rfm', 'rfm.nav', () => import('./rfm/rfm-page.js'), 'RfmPage'),
  route('/personas', 'personas.nav', () => import('./personas/personas-page.js'), 'PersonasPage'),
  route('/data', 'data.nav', () => import('./data/data-page.js'), 'DataPage'),
  route('/audit', 'audit.nav', () => import('./audit/audit-page.js'), 'AuditPage'),
  route('/tasks', 'tasks.nav', () => import('./tasks/tasks-page.js'), 'TasksPage'),
  route('/insights', 'ins.nav', () => import('./insights/insights-page.js'), 'InsightsPage'),
  route('/dashboards', 'dash.nav', () => import('./insights/dashboards-page.js'), 'DashboardsPage'),
  route('/journeys', 'journeys.nav', () => import('./journeys/journeys-page.js'), 'JourneysPage'),
  route('/messages', 'msgs.nav', () => import('./journeys/messages-page.js'), 'MessagesPage'),
];

/** Pages with a path parameter (a saved insight's or a dashboard's stable link): routes, not navigation entries. */
export const DETAIL_ROUTES: AppRoute[] = [
  route('/insights/:id', 'ins.nav', () => import('./insights/insight-page.js'), 'InsightPage'),
  route('/dashboards/:id', 'dash.nav', () => import('./insights/dashboard-page.js'), 'DashboardPage'),
  route('/journeys/:id', 'journeys.nav', () => import('./journeys/builder-page.js'), 'BuilderPage'),
];

/**
 * Loads the opened route's page (its chunk and ECharts) before React's first render, so the
 * first render shows the page itself: a Suspense fallback, once shown, keeps the page back for
 * React's reveal throttle (measured: the journey map was interactive ~90 ms later with it).
 * Never rejects: on a failed load the route's lazy page shows the error on render.
 */
export async function preloadRoute(pathname: string): Promise<void> {
  await [...ROUTES, ...DETAIL_ROUTES].find((r) => matchPath(r.path, pathname) !== null)
    ?.preload()
    .catch(() => undefined);
}
