import type { TouchpointRule } from '@trailmap/core';
import { ApiFailure } from '../api/client.js';

/** `GET /v1/touchpoints/rules`: the catalogue's rules by origin, applied in this order. */
export interface CatalogueRules {
  edited: TouchpointRule[];
  config: TouchpointRule[];
  defaults: TouchpointRule[];
  replaceDefaults: boolean;
}

/** `PUT /v1/touchpoints/rules` answers the new lists and how the re-classification went. */
export interface SavedRules extends CatalogueRules {
  rules: number;
  reclassifiedMs: number;
}

/** An API refusal that names the offending field (`rules[0].set.stage`). */
export class RulesFailure extends ApiFailure {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(status, code, message);
  }
}

/**
 * `PUT /v1/touchpoints/rules` (the shared client sends no PUT): the same same-origin session
 * cookie and error shape as `api/client.ts`, keeping the server's `error.field`.
 */
export async function saveRules(rules: TouchpointRule[]): Promise<SavedRules> {
  let res: Response;
  try {
    res = await fetch('/v1/touchpoints/rules', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });
  } catch (e) {
    throw new RulesFailure(0, 'network', (e as Error).message, null);
  }
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null;
  if (!res.ok) throw new RulesFailure(res.status, json?.error?.code ?? 'http_' + res.status, json?.error?.message ?? res.statusText, json?.error?.field ?? null);
  return json as SavedRules;
}
