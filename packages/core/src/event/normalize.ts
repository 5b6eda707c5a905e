import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { err, ok, type Result } from '../result.js';
import { MAX_EVENT_BYTES } from './limits.js';
import { MESSAGE_TYPES, messageSchema, type SegmentMessage } from './message.schema.js';
import type { NormalizedEvent } from './normalized-event.js';
import type { ValidationProblem } from './validation-error.js';
import { correctTimestamp } from './clock-skew.js';

export interface NormalizeOptions {
  /** Server receipt time in ms since epoch. */
  receivedAt: number;
  /** Batch-level sentAt, used when the message carries none. */
  batchSentAt?: string | undefined;
  /** Message type implied by the endpoint (`/v1/track` → track). */
  impliedType?: SegmentMessage['type'];
  /** Label for the record in errors, e.g. `batch[3]`; fields are appended to it. */
  label?: string;
  source: string;
  /** Byte length of the record as received, if already known. */
  byteLength?: number;
}

const prefix = (label: string | undefined, path: string) =>
  label ? (path ? `${label}.${path}` : label) : path;

function zodProblems(error: z.ZodError, label: string | undefined): ValidationProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    const field = prefix(label, path);
    const code = issue.path[0] === 'type' ? 'invalid_type' : issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'missing_field' : 'invalid_field';
    return { code, field, message: `${field || 'record'}: ${issue.message}` } satisfies ValidationProblem;
  });
}

/** Deterministic id for a message that came without one, so a retried send deduplicates. */
export function contentMessageId(raw: unknown): string {
  return 'h-' + createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 32);
}

/** Validate one Segment message and turn it into the stored shape. Errors name the field. */
export function normalizeMessage(
  raw: unknown,
  opts: NormalizeOptions,
): Result<NormalizedEvent, ValidationProblem[]> {
  const label = opts.label;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return err([{ code: 'invalid_field', field: label, message: `${label ?? 'record'}: expected a JSON object` }]);
  }
  const bytes = opts.byteLength ?? Buffer.byteLength(JSON.stringify(raw));
  if (bytes > MAX_EVENT_BYTES) {
    return err([
      {
        code: 'event_too_large',
        field: label,
        message: `${label ?? 'event'}: ${bytes} bytes exceeds the ${MAX_EVENT_BYTES}-byte limit per event`,
      },
    ]);
  }
  const record = raw as Record<string, unknown>;
  const input = opts.impliedType && record.type === undefined ? { ...record, type: opts.impliedType } : record;
  if (!MESSAGE_TYPES.includes(input.type as never)) {
    const field = prefix(label, 'type');
    return err([
      { code: 'invalid_type', field, message: `${field}: expected one of ${MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(input.type)}` },
    ]);
  }
  const parsed = messageSchema.safeParse(input);
  if (!parsed.success) return err(zodProblems(parsed.error, label));
  const m = parsed.data;
  if (m.type !== 'alias' && !m.userId && !m.anonymousId) {
    return err([
      { code: 'no_user_anon_id', field: label, message: `${label ?? 'event'}: either userId or anonymousId is required` },
    ]);
  }
  const clientTs = m.originalTimestamp ?? m.timestamp;
  const ts = correctTimestamp(opts.receivedAt, clientTs, m.sentAt ?? opts.batchSentAt);
  const context = { ...(m.context ?? {}) };
  const properties: Record<string, unknown> =
    m.type === 'track' || m.type === 'page' || m.type === 'screen' ? { ...(m.properties ?? {}) } : {};
  if ((m.type === 'page' || m.type === 'screen') && m.category != null && properties.category === undefined) {
    properties.category = m.category;
  }
  const traits = m.type === 'identify' || m.type === 'group' ? (m.traits ?? {}) : {};
  return ok({
    messageId: m.messageId ?? contentMessageId(record),
    type: m.type,
    event: m.type === 'track' ? m.event : null,
    name: m.type === 'page' || m.type === 'screen' ? (m.name ?? null) : null,
    userId: m.userId ?? null,
    anonymousId: m.anonymousId ?? null,
    groupId: m.type === 'group' ? m.groupId : null,
    previousId: m.type === 'alias' ? m.previousId : null,
    timestamp: new Date(ts).toISOString(),
    originalTimestamp: clientTs ? new Date(Date.parse(clientTs)).toISOString() : null,
    sentAt: (m.sentAt ?? opts.batchSentAt) ? new Date(Date.parse((m.sentAt ?? opts.batchSentAt)!)).toISOString() : null,
    receivedAt: new Date(opts.receivedAt).toISOString(),
    properties: JSON.stringify(properties),
    traits: JSON.stringify(traits),
    context: JSON.stringify(context),
    source: opts.source,
  });
}
