import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { consentUpdateSchema, type PersonConsent } from '@trailmap/core';
import type { EventStore } from '@trailmap/warehouse';
import type { Auditor } from '../audit/auditor.js';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

export const consentParams = z.object({ id: z.string().min(1).max(500) }).strict();

/**
 * Consent per purpose (docs/privacy.md#consent): `GET /v1/people/:id/consent` is the effective
 * consent per purpose with where each came from, and the history; `PUT` records explicit choices
 * (source api, or import), audited. Analyses see a change at once (the data version moves).
 */
export function consentRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, auditor: Auditor, now: () => number = Date.now): void {
  const notFound = (id: string) => new ApiError(404, 'not_found', `no person has the id ${JSON.stringify(id)}`, 'id');
  const params = (raw: unknown) => {
    const p = consentParams.safeParse(raw);
    if (!p.success) throw invalidDefinition(p.error, 'path');
    return p.data;
  };

  app.get('/v1/people/:id/consent', async (req): Promise<PersonConsent> => {
    const { id } = params(req.params);
    const consent = await store.consentFor(id);
    if (!consent) throw notFound(id);
    await auditor.personRead(req, 'consent.read', consent.personId);
    return consent;
  });

  app.put('/v1/people/:id/consent', async (req): Promise<PersonConsent> => {
    const { id } = params(req.params);
    const body = consentUpdateSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'consent');
    const purposes = store.consent.config.purposes;
    const unknown = Object.keys(body.data.purposes).find((p) => !purposes.includes(p));
    if (unknown !== undefined) {
      throw new ApiError(400, 'invalid_definition', `invalid consent: purposes.${unknown}: not one of the project's purposes (${purposes.join(', ')})`, `purposes.${unknown}`);
    }
    const consent = await store.setConsent(id, body.data, new Date(now()));
    if (!consent) throw notFound(id);
    await auditor.record(req, { action: 'consent.update', target: await auditor.personRef(consent.personId), detail: { purposes: body.data.purposes, source: body.data.source } });
    return consent;
  });
}
