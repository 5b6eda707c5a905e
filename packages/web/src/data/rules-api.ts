import type { TouchpointRule } from '@trailmap/core';
import { ApiFailure, apiSend } from '../api/client.js';

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

/** An API refusal that names the offending field (`rules[0].set.stage`): the shared `ApiFailure`. */
export const RulesFailure = ApiFailure;

/** `PUT /v1/touchpoints/rules`: replaces the rules edited in the app; every stored event is re-classified. */
export const saveRules = (rules: TouchpointRule[]) => apiSend<SavedRules>('PUT', '/v1/touchpoints/rules', { rules });
