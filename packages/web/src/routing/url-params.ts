import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type EditParams = (change: (current: URLSearchParams) => URLSearchParams, options?: { replace?: boolean }) => void;

/**
 * The page's search parameters and an editor that applies a change to the URL *as it is when the
 * change lands*. react-router's functional `setSearchParams` passes the parameters of the render
 * that created it, so a change fired later (a debounced slider, a blur after another commit) would
 * write back an older URL and lose the edits made in between; reading `window.location` does not.
 */
export function useUrlParams(): [URLSearchParams, EditParams] {
  const [params, setParams] = useSearchParams();
  const edit = useCallback<EditParams>(
    (change, options) => setParams(change(new URLSearchParams(window.location.search)), options),
    [setParams],
  );
  return [params, edit];
}

/** A page query kept in the URL: the parsed query and a setter that merges a part into the live URL. */
export function useUrlQuery<Q>(
  read: (p: URLSearchParams) => Q,
  write: (q: Q, base: URLSearchParams) => URLSearchParams,
  options?: { replace?: boolean },
): [Q, (part: Partial<Q>) => void, URLSearchParams] {
  const [params, edit] = useUrlParams();
  const set = (part: Partial<Q>) => edit((current) => write({ ...read(current), ...part }, current), options);
  return [read(params), set, params];
}
