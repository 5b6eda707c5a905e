import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/messages.en.js';
import { JourneyMapPage } from './journey-map/journey-map-page.js';
import { FunnelsPage } from './funnels/funnels-page.js';

/** Every route of the app; only the built ones are linked in the navigation. */
export interface AppRoute {
  path: string;
  nav?: MessageKey;
  element?: ReactNode;
}

export const ROUTES: AppRoute[] = [
  { path: '/', nav: 'nav.journeyMap', element: <JourneyMapPage /> },
  { path: '/funnels', nav: 'nav.funnels', element: <FunnelsPage /> },
  { path: '/paths' },
  { path: '/attribution' },
  { path: '/retention' },
  { path: '/people' },
  { path: '/data' },
];
