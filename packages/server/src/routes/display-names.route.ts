import type { FastifyInstance } from 'fastify';
import { displayNameEditSchema } from '@trailmap/core';
import { editDisplayName, listDisplayNames, type StateStore } from '@trailmap/state';
import type { ApiKeys } from '../auth/keys.js';
import { invalidDefinition } from '../http/zod-error.js';

/**
 * Display names of touchpoints and personas in English and Chinese, kept in the state store. The
 * read key (the analyst's) may edit them: they change how names are shown, never the events or
 * their classification (analyses keep the stored names; the web app shows the labels).
 */
export function displayNamesRoutes(app: FastifyInstance, state: StateStore, keys: ApiKeys): void {
  app.get('/v1/display-names', async (req) => {
    return listDisplayNames(state);
  });
  app.put('/v1/display-names', async (req) => {
    const body = displayNameEditSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'display name');
    return { kind: body.data.kind, name: body.data.name, labels: await editDisplayName(state, body.data) };
  });
}
