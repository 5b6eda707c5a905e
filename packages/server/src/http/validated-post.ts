import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { EventStore, SqlSession } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { invalidDefinition } from './zod-error.js';
import { stableKey, type ResultCache } from './result-cache.js';

/** Reuse answers from `cache` (see result-cache.ts); `extra` adds what the answer reads besides the events (e.g. state). */
export interface ReadPostCache {
  cache: ResultCache;
  extra?: () => Promise<unknown>;
}

/**
 * `POST path` with the read key: the body is validated (400 naming the field), then run on the
 * collected data; with `cached`, an answer for the same validated request on unchanged data is
 * served again.
 */
export function readPost<S extends z.ZodTypeAny>(
  app: FastifyInstance,
  store: EventStore,
  keys: ApiKeys,
  path: string,
  what: string,
  schema: S,
  run: (db: SqlSession, req: z.output<S>) => Promise<unknown>,
  cached?: ReadPostCache,
  /** A step between validation and the run (e.g. resolving saved segments); its output runs and is the cache key. */
  prepare?: (req: z.output<S>) => Promise<z.output<S>>,
): void {
  app.post(path, async (req) => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, what);
    const data = prepare ? await prepare(parsed.data) : parsed.data;
    return runCached(store, path, data, (db) => run(db, data), cached);
  });
}

/** `run` on the store's read session (the log loaded first), or its kept answer for `request` at the store's data version. */
export async function runCached(store: EventStore, path: string, request: unknown, run: (db: SqlSession) => Promise<unknown>, cached?: ReadPostCache): Promise<unknown> {
  const db = await store.readSession();
  if (!cached) return run(db);
  const key = `${path}\n${stableKey(request)}${cached.extra ? `\n${stableKey(await cached.extra())}` : ''}`;
  return cached.cache.get(key, store.dataVersion, () => run(db));
}
