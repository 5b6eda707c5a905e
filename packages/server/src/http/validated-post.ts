import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { EventStore, SqlSession } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';
import { invalidDefinition } from './zod-error.js';

/** `POST path` with the read key: the body is validated (400 naming the field), then run on the collected data. */
export function readPost<S extends z.ZodTypeAny>(
  app: FastifyInstance,
  store: EventStore,
  keys: ApiKeys,
  path: string,
  what: string,
  schema: S,
  run: (db: SqlSession, req: z.output<S>) => Promise<unknown>,
): void {
  app.post(path, async (req) => {
    requireReadKey(req, keys);
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, what);
    return run(await store.readSession(), parsed.data);
  });
}
