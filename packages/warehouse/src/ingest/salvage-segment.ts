import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { inTimestampRange, isoTimestamp, loneSurrogatePath, MAX_JSON_DEPTH, MESSAGE_TYPES, TIMESTAMP_RANGE_TEXT, tooDeep, wellFormedStrings } from '@trailmap/core';
import type { QuarantineRow } from './quarantine.js';

/** Raw text kept of a set-aside line (the quarantine's `raw` column). */
const RAW_KEEP = 33 * 1024;

const TIMESTAMP_FIELDS = ['timestamp', 'originalTimestamp', 'sentAt', 'receivedAt'] as const;
const TEXT_FIELDS = ['messageId', 'type', 'event', 'name', 'userId', 'anonymousId', 'groupId', 'previousId', 'source'] as const;
const JSON_FIELDS = ['properties', 'traits', 'context'] as const;

/** Why one collection-log event line cannot be loaded by every engine, or null if it can. */
export function unloadableEventLine(line: Record<string, unknown>): { field: string; reason: string } | null {
  if (typeof line.seq !== 'number' || !Number.isSafeInteger(line.seq)) return { field: 'seq', reason: 'seq is not an integer' };
  if (typeof line.messageId !== 'string' || line.messageId === '') return { field: 'messageId', reason: 'messageId is missing' };
  if (!MESSAGE_TYPES.includes(line.type as never)) return { field: 'type', reason: `type ${JSON.stringify(line.type)} is not a Segment message type` };
  for (const f of TEXT_FIELDS) {
    const v = line[f];
    if (v !== null && v !== undefined && typeof v !== 'string') return { field: f, reason: `${f} is not text` };
  }
  for (const f of TIMESTAMP_FIELDS) {
    const v = line[f];
    if ((v === null || v === undefined) && f !== 'timestamp' && f !== 'receivedAt') continue;
    if (typeof v !== 'string' || !isoTimestamp.safeParse(v).success || !inTimestampRange(Date.parse(v))) {
      return { field: f, reason: `${f}: ${JSON.stringify(v)} is not a timestamp in the supported range ${TIMESTAMP_RANGE_TEXT}` };
    }
  }
  for (const f of JSON_FIELDS) {
    const v = line[f];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { field: f, reason: `${f} is not a JSON object` };
    if (tooDeep(JSON.stringify(v))) return { field: f, reason: `${f} is nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  const lone = loneSurrogatePath(line);
  if (lone !== null) return { field: lone, reason: `${lone} holds an unpaired UTF-16 surrogate` };
  return null;
}

export interface SalvageResult {
  lines: number;
  /** Lines turned into quarantine records. */
  setAside: number;
}


/**
 * Rewrite a collection-log segment the engine refused to load: every line that cannot be loaded
 * (not JSON, a timestamp outside the range, malformed Unicode, nesting too deep — written by an
 * older version or damaged on disk) becomes a quarantine record holding the line and the reason,
 * the others are kept as they were. The new file replaces the old one atomically (write, fsync,
 * rename), so a crash meanwhile leaves one of the two whole, and loading stays idempotent.
 */
export function salvageSegment(path: string, engineError: string): SalvageResult {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let out = '';
  let setAside = 0;
  const name = basename(path);
  lines.forEach((line, i) => {
    let reason: { field: string | null; reason: string } | null = null;
    let parsed: Record<string, unknown> | null = null;
    try {
      const v = JSON.parse(line) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) parsed = v as Record<string, unknown>;
      else reason = { field: null, reason: 'the line is not a JSON object' };
    } catch (e) {
      reason = { field: null, reason: `the line is not valid JSON: ${(e as Error).message}` };
    }
    if (parsed && parsed.k === 'e') reason = unloadableEventLine(parsed);
    else if (parsed && parsed.k === 'q') {
      // Quarantine records are kept; their text is made well-formed so the engine can read it.
      out += JSON.stringify(parsed, wellFormedStrings) + '\n';
      return;
    } else if (parsed) reason = { field: 'k', reason: `unknown record kind ${JSON.stringify(parsed.k)}` };
    if (reason === null) {
      out += line + '\n';
      return;
    }
    setAside++;
    const raw = line.length > RAW_KEEP ? line.slice(0, RAW_KEEP) + '…(truncated)' : line;
    const q: QuarantineRow & { k: 'q' } = {
      k: 'q',
      source: typeof parsed?.source === 'string' ? parsed.source : 'http',
      file: `ingest-log/${name}`,
      line: i + 1,
      record: `log line ${i + 1}`,
      messageId: typeof parsed?.messageId === 'string' ? parsed.messageId : null,
      code: 'unloadable',
      field: reason.field,
      reason: `${reason.reason} (the engine refused the log segment: ${engineError.split('\n')[0]})`,
      raw,
    };
    out += JSON.stringify(q, wellFormedStrings) + '\n';
  });
  const tmp = `${path}.salvage`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, out);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return { lines: lines.length, setAside };
}
