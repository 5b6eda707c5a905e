import { auditQuerySchema, type AuditAnswer } from '@trailmap/core';
import { listAudit, type StateStore } from '@trailmap/state';
import type { FastifyInstance } from 'fastify';
import type { ApiKeys } from '../auth/keys.js';
import { invalidDefinition } from '../http/zod-error.js';

export const auditQuery = auditQuerySchema;

/** `GET /v1/audit`: the audit log, newest first, filtered and paged (docs/privacy.md "Audit log"). */
export function auditRoutes(app: FastifyInstance, state: StateStore, keys: ApiKeys): void {
  app.get('/v1/audit', async (req): Promise<AuditAnswer> => {
    const q = auditQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'audit query');
    return listAudit(state, q.data);
  });
}
