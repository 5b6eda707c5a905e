import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MESSAGE_TYPES } from '@trailmap/core';
import { checkNullMarkers, importFile, ImportError, parseConstants, type EventStore, type ImportSuppression } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

/** Largest file accepted over HTTP (the CLI's `trailmap ingest` has no limit). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** A query parameter holding a JSON object of texts (`map`, `set`). */
const jsonRecord = (what: string, example: string) =>
  z.string().transform((s, ctx) => {
    try {
      const v = JSON.parse(s) as unknown;
      const r = z.record(z.string().min(1), z.string()).safeParse(v);
      if (r.success) return r.data;
      ctx.addIssue({ code: 'custom', message: `must be a JSON object of ${what} texts` });
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be JSON, e.g. ${example}` });
    }
    return z.NEVER;
  });

/** `null=NA`, repeated for several markers. */
const nullMarkers = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const uploadQuery = z
  .object({
    name: z.string().min(1).max(255),
    format: z.enum(['csv', 'jsonl', 'parquet']).optional(),
    map: jsonRecord('column → field', '{"customer_id":"userId"}').optional(),
    unknownColumns: z.enum(['error', 'properties']).default('error'),
    type: z.enum(MESSAGE_TYPES).optional(),
    set: jsonRecord('field → value', '{"event":"Order Line"}').optional(),
    null: nullMarkers.optional(),
  })
  .strict();

/**
 * `POST /v1/files?name=crm.csv[&format=…&map={…}&unknownColumns=…&type=…&set={…}&null=NA]`: the
 * request body is the file (any content type, up to 512 MB). The same import as `trailmap ingest`
 * (`set` is --set, `null` is --null, repeatable): bad rows
 * are quarantined with their line and reason, the report says how many rows were accepted,
 * quarantined and already there. Needs the write key, or the web app's local session (the
 * data page uploads files; the write key never reaches the browser).
 */
export function filesRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, uploadDir: string, suppression: () => ImportSuppression | null = () => null): void {
  app.register(async (sub) => {
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));
    sub.post('/v1/files', { bodyLimit: MAX_UPLOAD_BYTES }, async (req) => {
      const q = uploadQuery.safeParse(req.query ?? {});
      if (!q.success) throw invalidDefinition(q.error, 'upload');
      const constants = parseConstants(q.data.set ?? {}, q.data.type, 'http');
      if (!constants.ok) throw new ApiError(400, 'invalid_field', constants.error.message, constants.error.field);
      const markerProblem = checkNullMarkers(q.data.null ?? [], 'http');
      if (markerProblem) throw new ApiError(400, 'invalid_field', markerProblem.message, markerProblem.field);
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
          ...(q.data.set ? { set: q.data.set } : {}),
          ...(q.data.null ? { nullMarkers: q.data.null } : {}),
          ...(suppression() ? { suppression: suppression()! } : {}),
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
