import type { AuditInput } from '@trailmap/core';
import { personRef, projectSalt, recordAudit, type StateSession, type StateStore } from '@trailmap/state';
import type { FastifyRequest } from 'fastify';

/** The actor of a request, as the audit log names it: the principal the scope hook admitted (`key:<id>`, `admin:<name>`, `web-session`). */
export function actorOf(req: FastifyRequest, fallback = 'unknown'): string {
  return req.principal?.actor ?? fallback;
}

/**
 * The server's side of the audit log: who (the request's actor), from where (its IP), what. A
 * person is named only by their keyed reference, so the log holds no personal data. A failed
 * append fails the request: a read of personal data is never served unrecorded.
 */
export class Auditor {
  private salt: Promise<Buffer> | null = null;
  constructor(private readonly state: StateStore) {}

  async personRef(personId: string): Promise<string> {
    this.salt ??= projectSalt(this.state).catch((e: unknown) => {
      this.salt = null;
      throw e;
    });
    return personRef(await this.salt, personId);
  }

  /** Append for this request; `s` = inside the caller's transaction. */
  async record(req: FastifyRequest, e: Omit<AuditInput, 'actor' | 'origin'> & { actor?: string }, s: StateSession = this.state): Promise<void> {
    await recordAudit(s, { ...e, actor: e.actor ?? actorOf(req), origin: req.ip });
  }

  /** A read of one person's data (their profile, an export naming them). */
  async personRead(req: FastifyRequest, action: string, personId: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.record(req, { action, target: await this.personRef(personId), detail });
  }
}
