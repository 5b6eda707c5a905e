import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MESSAGE_TYPES } from '@trailmap/core';
import { importFile, ImportError, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireWriteKeyOrSession } from '../auth/require-key.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

/** Largest file accepted over HTTP (the CLI's `trailmap ingest` has no limit). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const jsonRecord = z.string().transform((s, ctx) => {
  try {
    const v = JSON.parse(s) as unknown;
    const r = z.record(z.string().min(1), z.string().min(1)).safeParse(v);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of column → field texts' });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"customer_id":"userId"}' });
  }
  return z.NEVER;
});

export const uploadQuery = z
  .object({
    name: z.string().min(1).max(255),
    format: z.enum(['csv', 'jsonl', 'parquet']).optional(),
    map: jsonRecord.optional(),
    unknownColumns: z.enum(['error', 'properties']).default('error'),
    type: z.enum(MESSAGE_TYPES).optional(),
  })
  .strict();

/**
 * `POST /v1/files?name=crm.csv[&format=…&map={…}&unknownColumns=…&type=…]`: the request body
 * is the file (any content type, up to 512 MB). The same import as `trailmap ingest`: bad rows
 * are quarantined with their line and reason, the report says how many rows were accepted,
 * quarantined and already there. Needs the write key, or the web app's local session (the
 * data page uploads files; the write key never reaches the browser).
 */
export function filesRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, uploadDir: string): void {
  app.register(async (sub) => {
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));
    sub.post('/v1/files', { bodyLimit: MAX_UPLOAD_BYTES }, async (req) => {
      requireWriteKeyOrSession(req, keys);
      const q = uploadQuery.safeParse(req.query ?? {});
      if (!q.success) throw invalidDefinition(q.error, 'upload');
      // The file keeps the user's name (reports and quarantine rows name it) inside a directory of our own.
      const name = basename(q.data.name);
      if (name === '.' || name === '..' || name.includes('\0')) throw new ApiError(400, 'invalid_name', 'name must be a file name', 'name');
      const dir = join(uploadDir, randomUUID());
      await mkdir(dir, { recursive: true });
      const path = join(dir, name);
      try {
        if (!req.body) throw new ApiError(400, 'empty_file', 'send the file as the request body');
        await pipeline(req.body as Readable, createWriteStream(path));
        const report = await importFile(store, {
          path,
          ...(q.data.format ? { format: q.data.format } : { format: formatOf(name) }),
          ...(q.data.map ? { map: q.data.map } : {}),
          unknownColumns: q.data.unknownColumns,
          ...(q.data.type ? { defaultType: q.data.type } : {}),
        });
        return { ...report, file: name };
      } catch (e) {
        if (e instanceof ImportError) throw new ApiError(400, 'invalid_file', e.message.split(path).join(name).split(dir).join(''));
        throw e;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

function formatOf(name: string): 'csv' | 'jsonl' | 'parquet' {
  const lower = name.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return 'jsonl';
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  throw new ApiError(400, 'unknown_format', `cannot tell the format of ${JSON.stringify(name)} from its extension; add format=csv|jsonl|parquet`, 'format');
}
