import { isoTimestamp, maskPiiInText, maskPiiLeaves, MAX_EVENT_BYTES, normalizeMessage, safeJson, type MessageType, type NormalizedEvent, type ValidationProblem } from '@trailmap/core';
import type { QuarantineRow } from '@trailmap/warehouse';
import { ApiError } from '../http/api-error.js';

export interface CollectedRequest {
  events: NormalizedEvent[];
  quarantine: QuarantineRow[];
  /** One entry per rejected message, for the response body. */
  errors: Array<{ index: number | null; messageId: string | null; code: string; field: string | null; message: string }>;
  received: number;
}

const RAW_KEEP = MAX_EVENT_BYTES + 1024;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const messageIdOf = (m: unknown) => (isObject(m) && (typeof m.messageId === 'string' || typeof m.messageId === 'number') ? String(m.messageId) : null);

function reject(out: CollectedRequest, raw: unknown, index: number | null, problems: ValidationProblem[], source: string) {
  // A refused message is never checked further, so what the answer and the quarantine keep of it
  // has every value the PII classifiers flag masked (docs/privacy.md#pii-detection-and-masking).
  problems = problems.map((p) => ({ ...p, message: maskPiiInText(p.message) }));
  // safeJson: a value nested too deep for JSON.stringify is quarantined with a note instead.
  const rawText = safeJson(maskPiiLeaves(raw));
  const messageId = messageIdOf(raw);
  for (const p of problems) {
    out.errors.push({ index, messageId, code: p.code, field: p.field ?? null, message: p.message });
  }
  const first = problems[0]!;
  out.quarantine.push({
    source,
    record: index === null ? 'request' : `batch[${index}]`,
    messageId,
    code: first.code,
    field: first.field ?? null,
    reason: problems.map((p) => p.message).join('; '),
    // Cutting may split a surrogate pair; the stored text stays well-formed.
    raw: rawText.length > RAW_KEEP ? rawText.slice(0, RAW_KEEP).toWellFormed() + '…(truncated)' : rawText,
  });
}

/**
 * Validate a `/v1/batch` body or a single-message body. Valid messages become events; each invalid
 * one is quarantined with its reason and listed in `errors` (field paths like `batch[2].properties`).
 */
export function collectMessages(body: unknown, endpoint: MessageType | 'batch', receivedAt: number, source = 'http'): CollectedRequest {
  const out: CollectedRequest = { events: [], quarantine: [], errors: [], received: 0 };
  if (!isObject(body)) throw new ApiError(400, 'invalid_field', 'the request body must be a JSON object');
  if (endpoint === 'batch') {
    if (!Array.isArray(body.batch)) throw new ApiError(400, 'invalid_field', '"batch" must be an array of messages', 'batch');
    if (body.sentAt !== undefined && !isoTimestamp.safeParse(body.sentAt).success) {
      throw new ApiError(400, 'invalid_field', 'sentAt: expected an ISO-8601 date string such as 2024-05-01T12:00:00.000Z', 'sentAt');
    }
    const batchSentAt = body.sentAt as string | undefined;
    const shared = isObject(body.context) ? body.context : undefined;
    out.received = body.batch.length;
    body.batch.forEach((raw: unknown, index: number) => {
      const msg = shared && isObject(raw) ? { ...raw, context: { ...shared, ...(isObject(raw.context) ? raw.context : {}) } } : raw;
      const r = normalizeMessage(msg, { receivedAt, batchSentAt, label: `batch[${index}]`, source });
      if (r.ok) out.events.push(r.value);
      else reject(out, raw, index, r.error, source);
    });
    return out;
  }
  out.received = 1;
  if (body.type !== undefined && body.type !== endpoint) {
    reject(out, body, null, [
      { code: 'invalid_type', field: 'type', message: `type: ${JSON.stringify(body.type)} was sent to /v1/${endpoint}; omit it or send "${endpoint}"` },
    ], source);
    return out;
  }
  const r = normalizeMessage(body, { receivedAt, impliedType: endpoint, source });
  if (r.ok) out.events.push(r.value);
  else reject(out, body, null, r.error, source);
  return out;
}
