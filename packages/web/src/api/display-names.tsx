import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { displayNameOf, type DisplayNameEdit, type DisplayNames } from '@trailmap/core';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { apiGet, apiSend } from './client.js';
import { useApi } from './use-api.js';

/** Shows stored touchpoint and persona names as the labels given in the catalogue, in the UI language. */
export interface DisplayNamer {
  touchpoint(name: string): string;
  persona(value: string): string;
  /** Every label (null until loaded). */
  names: DisplayNames | null;
  /** Fetch the labels again (after an edit). */
  reload(): void;
}

const identity: DisplayNamer = { touchpoint: (n) => n, persona: (v) => v, names: null, reload: () => undefined };
const DisplayNamesContext = createContext<DisplayNamer>(identity);

/** Loads `GET /v1/display-names` once for the app; until it answers (or if it fails) the stored names show. */
export function DisplayNamesProvider({ children }: { children: ReactNode }) {
  const { signedOut } = useSession();
  const { locale } = useI18n();
  const loaded = useApi<DisplayNames>(signedOut ? null : 'display-names', (signal) => apiGet('/v1/display-names', signal));
  const names = loaded.status === 'ok' ? loaded.data : null;
  const { retry } = loaded;
  const value = useMemo<DisplayNamer>(
    () => ({
      touchpoint: (n) => displayNameOf(names, 'touchpoint', n, locale),
      persona: (v) => displayNameOf(names, 'persona', v, locale),
      names,
      reload: retry,
    }),
    [names, locale, retry],
  );
  return <DisplayNamesContext.Provider value={value}>{children}</DisplayNamesContext.Provider>;
}

export const useDisplayNames = (): DisplayNamer => useContext(DisplayNamesContext);

/** `PUT /v1/display-names`: set (or, with '' / null, remove) one name's labels. */
export const saveDisplayName = (edit: DisplayNameEdit) => apiSend<{ kind: string; name: string; labels: Record<string, string> }>('PUT', '/v1/display-names', edit);
