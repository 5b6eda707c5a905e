import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { err, ok, type Result } from '../result.js';
import { inTimestampRange, MAX_EVENT_BYTES, MAX_JSON_DEPTH, TIMESTAMP_RANGE_TEXT } from './limits.js';
import { hasLoneSurrogateEscape, loneSurrogatePath, tooDeep } from './json-safety.js';
import { isCalendarDate, MAX_ID_LENGTH, MESSAGE_TYPES, messageSchema, type SegmentMessage } from './message.schema.js';
import type { NormalizedEvent } from './normalized-event.js';
import type { ValidationProblem } from './validation-error.js';
import { correctTimestampMs } from './clock-skew.js';

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
}

const prefix = (label: string | undefined, path: string) =>
  label ? (path ? `${label}.${path}` : label) : path;

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);

function zodProblems(error: z.ZodError, label: string | undefined, input: unknown): ValidationProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    const field = prefix(label, path);
    const missing = valueAt(input, issue.path) === undefined;
    const code = issue.path[0] === 'type' ? 'invalid_type' : missing ? 'missing_field' : 'invalid_field';
    const message = missing ? `${field || 'record'}: is required` : `${field || 'record'}: ${issue.message}`;
    return { code, field, message } satisfies ValidationProblem;
  });
}

const present = (v: string | number | null | undefined): v is string | number => v !== undefined && v !== null && v !== '';

const ID_FIELDS = ['messageId', 'userId', 'anonymousId', 'groupId', 'previousId'] as const;

/** Ids are 1–512 characters; numbers must be finite. */
function checkIds(m: SegmentMessage, label: string | undefined): ValidationProblem | null {
  for (const f of ID_FIELDS) {
    const v = (m as Record<string, unknown>)[f];
    if (v === undefined || v === null) continue;
    const bad = typeof v === 'number' ? !Number.isFinite(v) : (v as string).length > MAX_ID_LENGTH;
    const mustBeNonEmpty = (f !== 'userId' && f !== 'anonymousId') || (f === 'userId' && m.type === 'alias');
    if (bad || (mustBeNonEmpty && v === '')) {
      const field = prefix(label, f);
      return { code: 'invalid_field', field, message: `${field}: id must be a finite number or a string of 1 to ${MAX_ID_LENGTH} characters` };
    }
  }
  return null;
}

/**
 * Exact byte length of the message as JSON, field by field, keeping the JSON text of the
 * nested objects so they are serialized once.
 */
interface Measured {
  bytes: number;
  /** JSON text of the object-valued fields (properties, traits, context …), serialized once. */
  json: Record<string, string>;
  /** The first top-level field whose value is too deep to keep, or null. */
  deep: string | null;
  /** Whether some text holds a lone UTF-16 surrogate (escaped by JSON.stringify). */
  loneSurrogate: boolean;
}

function measure(record: Record<string, unknown>): Measured {
  // UTF-8 needs at most 3 bytes per UTF-16 unit (6 per unit of raw text, escaped as \u00XX),
  // so `chars * 3` bounds the size and exact bytes are counted only near the limit.
  let chars = 2;
  const json: Record<string, string> = {};
  let deep: string | null = null;
  let loneSurrogate = false;
  for (const k in record) {
    const v = record[k];
    if (v === undefined) continue;
    if (typeof v === 'string') {
      // Strings need no serialization to be measured: an upper bound (6 bytes per UTF-16 unit,
      // as in a \u00XX escape) is enough unless the event is near the limit.
      if (!loneSurrogate && (!v.isWellFormed() || !k.isWellFormed())) loneSurrogate = true;
      chars += k.length * 2 + 4 + 2 + v.length * 2;
      continue;
    }
    let text: string;
    try {
      text = JSON.stringify(v) ?? 'null';
    } catch {
      // Nesting deep enough to exhaust the stack (thousands of levels).
      deep ??= k.toWellFormed();
      continue;
    }
    if (typeof v === 'object' && v !== null) {
      json[k] = text;
      if (deep === null && tooDeep(text)) deep = k.toWellFormed();
    }
    if (!loneSurrogate && (hasLoneSurrogateEscape(text) || !k.isWellFormed())) loneSurrogate = true;
    chars += k.length * 2 + 4 + text.length;
  }
  if (chars * 3 <= MAX_EVENT_BYTES || deep !== null) return { bytes: chars, json, deep, loneSurrogate };
  // Near the limit: count UTF-8 bytes exactly (a second pass; rare).
  let bytes = 2;
  for (const k in record) {
    const v = record[k];
    if (v === undefined) continue;
    bytes += Buffer.byteLength(k) + 4 + Buffer.byteLength(json[k] ?? JSON.stringify(v) ?? 'null');
  }
  return { bytes, json, deep, loneSurrogate };
}

/** `toISOString()`'s own form: such text is stored as it came (no parse-and-format round trip). */
const CANONICAL_ISO = /^\d{4}-[01]\d-[0-3]\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
/** `text` was checked by the schema (a calendar date) or, with `check`, is checked here. */
const isoOf = (text: string, ms: number, check = false) => (CANONICAL_ISO.test(text) && (!check || isCalendarDate(text)) ? text : new Date(ms).toISOString());

/** The last receipt time formatted: every message of a request shares it. */
let lastReceived = { ms: NaN, iso: '' };
const receivedIso = (ms: number) => (lastReceived.ms === ms ? lastReceived.iso : (lastReceived = { ms, iso: new Date(ms).toISOString() }).iso);
/** The last parsed text: a batch's sentAt is read once for all its messages. */
let lastParsed = { text: '', ms: NaN };
const parseMs = (text: string) => (lastParsed.text === text ? lastParsed.ms : (lastParsed = { text, ms: Date.parse(text) }).ms);

/** The first timestamp outside the range every engine stores, as a problem naming its field. */
function timestampProblem(label: string | undefined, fields: Array<[string, string | undefined, number]>, corrected: number): ValidationProblem | null {
  for (const [f, v, ms] of fields) {
    if (v !== undefined && !inTimestampRange(ms)) {
      const field = f === 'batch.sentAt' ? 'sentAt' : prefix(label, f);
      return { code: 'invalid_timestamp', field, message: `${field}: ${JSON.stringify(v)} is outside the supported range ${TIMESTAMP_RANGE_TEXT}` };
    }
  }
  if (!inTimestampRange(corrected)) {
    const field = prefix(label, 'timestamp');
    const year = Number.isFinite(corrected) ? new Date(corrected).getUTCFullYear() : NaN;
    return {
      code: 'invalid_timestamp',
      field,
      message: `${field}: clock-skew correction (receivedAt − (sentAt − originalTimestamp)) gives year ${year}, outside the supported range ${TIMESTAMP_RANGE_TEXT}; check the client's sentAt`,
    };
  }
  return null;
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
  const record = raw as Record<string, unknown>;
  const { bytes, json, deep, loneSurrogate } = measure(record);
  if (deep !== null) {
    const field = prefix(label, deep);
    return err([{ code: 'too_deep', field, message: `${field}: nested more than ${MAX_JSON_DEPTH} levels deep` }]);
  }
  if (bytes > MAX_EVENT_BYTES) {
    return err([{ code: 'event_too_large', field: label, message: `${label ?? 'event'}: ${bytes} bytes exceeds the ${MAX_EVENT_BYTES}-byte limit per event` }]);
  }
  if (loneSurrogate) {
    const field = prefix(label, loneSurrogatePath(record) ?? '');
    return err([{ code: 'invalid_unicode', field, message: `${field || 'record'}: text holds an unpaired UTF-16 surrogate (e.g. "\\ud800"), which is not Unicode; send well-formed UTF-8/UTF-16 text` }]);
  }
  const input = opts.impliedType && record.type === undefined ? { ...record, type: opts.impliedType } : record;
  if (!MESSAGE_TYPES.includes(input.type as never)) {
    const field = prefix(label, 'type');
    return err([
      { code: 'invalid_type', field, message: `${field}: expected one of ${MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(input.type)}` },
    ]);
  }
  const parsed = messageSchema.safeParse(input);
  if (!parsed.success) return err(zodProblems(parsed.error, label, input));
  const m = parsed.data;
  const idProblem = checkIds(m, label);
  if (idProblem) return err([idProblem]);
  if (m.type !== 'alias' && !present(m.userId) && !present(m.anonymousId)) {
    return err([
      { code: 'no_user_anon_id', field: label, message: `${label ?? 'event'}: either userId or anonymousId is required` },
    ]);
  }
  const clientTs = m.originalTimestamp ?? m.timestamp;
  const sentAt = m.sentAt ?? opts.batchSentAt;
  // Each timestamp text is parsed once (Date.parse is a large share of the per-event cost).
  const tsMs = m.timestamp === undefined ? NaN : Date.parse(m.timestamp);
  const originalMs = m.originalTimestamp === undefined ? NaN : Date.parse(m.originalTimestamp);
  const sentMs = m.sentAt !== undefined ? Date.parse(m.sentAt) : opts.batchSentAt !== undefined ? parseMs(opts.batchSentAt) : NaN;
  const clientMs = m.originalTimestamp !== undefined ? originalMs : tsMs;
  const ts = correctTimestampMs(opts.receivedAt, clientTs === undefined ? undefined : clientMs, sentAt === undefined ? undefined : sentMs);
  const tsProblem = timestampProblem(
    label,
    [
      ['timestamp', m.timestamp, tsMs],
      ['originalTimestamp', m.originalTimestamp, originalMs],
      ['sentAt', m.sentAt, sentMs],
      ['batch.sentAt', m.sentAt === undefined ? opts.batchSentAt : undefined, sentMs],
    ],
    ts,
  );
  if (tsProblem) return err([tsProblem]);
  let properties = m.type === 'track' || m.type === 'page' || m.type === 'screen' ? (json.properties ?? '{}') : '{}';
  if ((m.type === 'page' || m.type === 'screen') && m.category != null && m.properties?.category === undefined) {
    properties = JSON.stringify({ ...(m.properties ?? {}), category: m.category });
  }
  const traits = m.type === 'identify' || m.type === 'group' ? (json.traits ?? '{}') : '{}';
  const originalIso = clientTs === undefined ? null : isoOf(clientTs, clientMs);
  return ok({
    messageId: present(m.messageId) ? String(m.messageId) : contentMessageId(record),
    type: m.type,
    event: m.type === 'track' ? m.event : null,
    name: m.type === 'page' || m.type === 'screen' ? (m.name ?? null) : null,
    userId: present(m.userId) ? String(m.userId) : null,
    anonymousId: present(m.anonymousId) ? String(m.anonymousId) : null,
    groupId: m.type === 'group' ? String(m.groupId) : null,
    previousId: m.type === 'alias' ? String(m.previousId) : null,
    timestamp: originalIso !== null && ts === clientMs ? originalIso : new Date(ts).toISOString(),
    originalTimestamp: originalIso,
    sentAt: sentAt === undefined ? null : isoOf(sentAt, sentMs, m.sentAt === undefined),
    receivedAt: receivedIso(opts.receivedAt),
    properties,
    traits,
    context: json.context ?? '{}',
    source: opts.source,
  });
}
