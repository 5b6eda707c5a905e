import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { AfterDeleteRule, PrivacyRequestAnswer, PrivacyRegime, PrivacyRequestType, PrivacyResultSummary, PrivacyStatus, PrivacyStep } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

/** A request as stored (the sealed subject stays a sealed string here; `openSubject` reads it). */
export interface StoredPrivacyRequest {
  id: string;
  type: PrivacyRequestType;
  regime: PrivacyRegime;
  then: AfterDeleteRule | null;
  status: PrivacyStatus;
  receivedAt: Date;
  deadline: Date;
  steps: PrivacyStep[];
  stepsDone: PrivacyStep[];
  subjectRef: string;
  subjectSealed: string | null;
  result: PrivacyResultSummary | null;
  error: string | null;
  completedAt: Date | null;
}

type Row = {
  id: string;
  type: PrivacyRequestType;
  regime: PrivacyRegime;
  then_rule: AfterDeleteRule | null;
  status: PrivacyStatus;
  received_at: Date | string;
  deadline: Date | string;
  steps: PrivacyStep[];
  steps_done: PrivacyStep[];
  subject_ref: string;
  subject_sealed: string | null;
  result: PrivacyResultSummary | string | null;
  error: string | null;
  completed_at: Date | string | null;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const toRequest = (r: Row): StoredPrivacyRequest => ({
  id: r.id,
  type: r.type,
  regime: r.regime,
  then: r.then_rule,
  status: r.status,
  receivedAt: date(r.received_at),
  deadline: date(r.deadline),
  steps: r.steps,
  stepsDone: r.steps_done,
  subjectRef: r.subject_ref,
  subjectSealed: r.subject_sealed,
  result: typeof r.result === 'string' ? (JSON.parse(r.result) as PrivacyResultSummary) : r.result,
  error: r.error,
  completedAt: r.completed_at === null ? null : date(r.completed_at),
});

const COLS = 'id, type, regime, then_rule, status, received_at, deadline, steps, steps_done, subject_ref, subject_sealed, result, error, completed_at';

/** The key the subjects are sealed under: derived from the project salt, never stored. */
const sealKey = (salt: Buffer) => createHmac('sha256', salt).update('trailmap privacy subject v1').digest();

/** Seal a request's subject (AES-256-GCM): `iv.tag.ciphertext`, base64url. */
export function sealSubject(salt: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', sealKey(salt), iv);
  const body = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function openSubject<T>(salt: Buffer, sealed: string): T {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  const d = createDecipheriv('aes-256-gcm', sealKey(salt), iv);
  d.setAuthTag(tag);
  return JSON.parse(Buffer.concat([d.update(body), d.final()]).toString('utf8')) as T;
}

/** A keyed hash of one identity (`user:…`, `anon:…`, `email:…`) or of a request's named ids. */
export function identityHash(salt: Buffer, identity: string): string {
  return createHmac('sha256', salt).update(identity, 'utf8').digest('hex');
}

export interface NewPrivacyRequest {
  type: PrivacyRequestType;
  regime: PrivacyRegime;
  then: AfterDeleteRule | null;
  receivedAt: Date;
  deadline: Date;
  steps: readonly PrivacyStep[];
  subjectRef: string;
  subjectSealed: string;
}

/**
 * Record a request, or find the same one still open (same type, rule and named ids): asking twice
 * while it runs gives the one request (`created: false`).
 */
export async function createPrivacyRequest(s: StateSession, r: NewPrivacyRequest): Promise<{ request: StoredPrivacyRequest; created: boolean }> {
  const [open] = await s.query<Row>(
    `SELECT ${COLS} FROM privacy_requests WHERE status IN ('received', 'running') AND type = $1 AND subject_ref = $2 AND then_rule IS NOT DISTINCT FROM $3 ORDER BY received_at LIMIT 1`,
    [r.type, r.subjectRef, r.then],
  );
  if (open) return { request: toRequest(open), created: false };
  const id = `dsr_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const [row] = await s.query<Row>(
    `INSERT INTO privacy_requests (id, type, regime, then_rule, status, received_at, deadline, steps, subject_ref, subject_sealed)
     VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9) RETURNING ${COLS}`,
    [id, r.type, r.regime, r.then, r.receivedAt.toISOString(), r.deadline.toISOString(), [...r.steps], r.subjectRef, r.subjectSealed],
  );
  return { request: toRequest(row!), created: true };
}

export async function getPrivacyRequest(s: StateSession, id: string): Promise<StoredPrivacyRequest | null> {
  const [row] = await s.query<Row>(`SELECT ${COLS} FROM privacy_requests WHERE id = $1`, [id]);
  return row ? toRequest(row) : null;
}

/** Newest first. */
export async function listPrivacyRequests(s: StateSession, limit = 200): Promise<StoredPrivacyRequest[]> {
  return (await s.query<Row>(`SELECT ${COLS} FROM privacy_requests ORDER BY received_at DESC, id DESC LIMIT $1`, [limit])).map(toRequest);
}

/** Requests not finished (a crash left them, or they wait), oldest first: resumed at start. */
export async function openPrivacyRequests(s: StateSession): Promise<StoredPrivacyRequest[]> {
  return (await s.query<Row>(`SELECT ${COLS} FROM privacy_requests WHERE status IN ('received', 'running') ORDER BY received_at, id`)).map(toRequest);
}

/** A step finished: recorded with the (re-)sealed subject when it changed. */
export async function markPrivacyStep(s: StateSession, id: string, step: PrivacyStep, subjectSealed?: string): Promise<void> {
  await s.exec(
    `UPDATE privacy_requests SET status = 'running', steps_done = CASE WHEN $2 = ANY(steps_done) THEN steps_done ELSE array_append(steps_done, $2) END,
       subject_sealed = coalesce($3, subject_sealed), updated_at = now() WHERE id = $1`,
    [id, step, subjectSealed ?? null],
  );
}

/** The end: completed or failed, its summary kept, the sealed subject erased. */
export async function finishPrivacyRequest(s: StateSession, id: string, end: { status: 'completed' | 'failed'; result: PrivacyResultSummary | null; error: string | null }): Promise<void> {
  await s.exec(
    `UPDATE privacy_requests SET status = $2, result = $3::jsonb, error = $4, subject_sealed = NULL, completed_at = now(), updated_at = now() WHERE id = $1`,
    [id, end.status, end.result === null ? null : JSON.stringify(end.result), end.error],
  );
}

/** Keep the running summary between steps (counts only). */
export async function savePrivacyResult(s: StateSession, id: string, result: PrivacyResultSummary): Promise<void> {
  await s.exec(`UPDATE privacy_requests SET result = $2::jsonb, updated_at = now() WHERE id = $1`, [id, JSON.stringify(result)]);
}

/** A stored request as the API and the CLI answer it (nothing personal is stored, so none is answered). */
export function privacyAnswer(r: StoredPrivacyRequest): PrivacyRequestAnswer {
  return {
    id: r.id,
    type: r.type,
    regime: r.regime,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    deadline: r.deadline.toISOString(),
    stepsDone: r.stepsDone,
    steps: r.steps,
    completedAt: r.completedAt?.toISOString() ?? null,
    result: r.result,
    error: r.error,
    download: r.type === 'access' && r.status === 'completed' ? `/v1/privacy/requests/${r.id}/document` : null,
  };
}
