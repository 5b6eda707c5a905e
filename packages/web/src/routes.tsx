import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/messages.en.js';
import { JourneyMapPage } from './journey-map/journey-map-page.js';
import { FunnelsPage } from './funnels/funnels-page.js';
import { AttributionPage } from './attribution/attribution-page.js';
import { PathsPage } from './paths/paths-page.js';
import { RetentionPage } from './retention/retention-page.js';
import { PeoplePage } from './people/people-page.js';
import { DataPage } from './data/data-page.js';

/** Every route of the app, in navigation order. */
export interface AppRoute {
  path: string;
  nav: MessageKey;
  element: ReactNode;
}

export const ROUTES: AppRoute[] = [
  { path: '/', nav: 'nav.journeyMap', element: <JourneyMapPage /> },
  { path: '/funnels', nav: 'nav.funnels', element: <FunnelsPage /> },
  { path: '/paths', nav: 'paths.nav', element: <PathsPage /> },
  { path: '/attribution', nav: 'attr.nav', element: <AttributionPage /> },
  { path: '/retention', nav: 'ret.nav', element: <RetentionPage /> },
  { path: '/people', nav: 'people.nav', element: <PeoplePage /> },
  { path: '/data', nav: 'data.nav', element: <DataPage /> },
];
