import { maskPiiInText, type MessageType } from '@trailmap/core';
import type { QuarantineRow } from '@trailmap/warehouse';
import { encodeEventTail } from '@trailmap/warehouse/log-lines';
import { ApiError } from '../http/api-error.js';
import { collectMessages, type CollectedRequest } from './collect-messages.js';

/** A collection request body turned into log lines, or the 4xx it earns. Plain data: it crosses threads. */
export type ParsedCollection =
  | {
      ok: true;
      /** `writeKey` from the body (Segment's clients may send it there instead of the header). */
      writeKey: unknown;
      /** One `encodeEventTail` line per valid event, in arrival order. */
      eventTails: string[];
      quarantine: QuarantineRow[];
      errors: CollectedRequest['errors'];
      received: number;
    }
  | {
      ok: false;
      /** `json`: the body is not JSON (refused before the key is checked, as any route does); `messages`: its shape is wrong. */
      stage: 'json' | 'messages';
      writeKey: unknown;
      status: number;
      code: string;
      message: string;
      field?: string;
    };

/**
 * Everything a collection request costs in CPU, from the body's text to the lines the log will
 * hold: JSON parse, validation and normalisation, encoding. Run on a parsing thread (or inline).
 */
export function parseCollection(text: string, endpoint: MessageType | 'batch', receivedAt: number, source = 'http'): ParsedCollection {
  if (text.trim() === '') return { ok: false, stage: 'json', writeKey: undefined, status: 400, code: 'invalid_json', message: 'the request body is empty; send a JSON object' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return { ok: false, stage: 'json', writeKey: undefined, status: 400, code: 'invalid_json', message: `the request body is not valid JSON: ${maskPiiInText((e as Error).message)}` };
  }
  const writeKey = typeof body === 'object' && body !== null ? (body as { writeKey?: unknown }).writeKey : undefined;
  try {
    const c = collectMessages(body, endpoint, receivedAt, source);
    return { ok: true, writeKey, eventTails: c.events.map(encodeEventTail), quarantine: c.quarantine, errors: c.errors, received: c.received };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, stage: 'messages', writeKey, status: e.status, code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
    throw e;
  }
}
