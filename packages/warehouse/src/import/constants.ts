import { err, MAX_JSON_DEPTH, MESSAGE_TYPES, normalizeMessage, ok, tooDeep, type MessageType, type Result } from '@trailmap/core';
import { parseTarget, type ColumnTarget } from './column-mapping.js';
import { ImportError } from './import-error.js';
import type { SegmentField } from './segment-fields.js';

/** A value every row of a file gets for one field (`--set event="Order Line"`). */
export interface ImportConstant {
  /** The target as the user wrote it (`event`, `properties.store`), for messages. */
  name: string;
  target: ColumnTarget;
  /** The text given; for properties/traits/context, JSON object text. */
  value: string;
}

/** A constant or null marker the import refuses; `field` names it as the user wrote it (`set.event`, `null`). */
export interface OptionProblem {
  field: string;
  message: string;
}

/** The message type a field belongs to, so the probe message exercises that field's own rule. */
const PROBE_TYPE: Partial<Record<SegmentField, MessageType>> = {
  name: 'page',
  category: 'page',
  groupId: 'group',
  previousId: 'alias',
  traits: 'identify',
};

/**
 * Check one constant with the HTTP API's own rules (normalizeMessage on a message that is valid
 * but for this field), so a value the rows would all be quarantined for is refused up front.
 */
function checkValue(name: string, target: ColumnTarget, value: string, flag: string): string | null {
  const at = `${flag}${name}`;
  if (value === '') return `${at}: give a value (an empty value would mean "no value")`;
  if (target.kind === 'dotted') return null;
  const f = target.field;
  if (f === 'messageId') return `${at}: every row would have the same messageId, so all but the first would be duplicates; leave it out and rows get content ids`;
  if (f === 'type') return MESSAGE_TYPES.includes(value as MessageType) ? null : `${at}: expected one of ${MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(value)}`;
  let parsed: unknown = value;
  if (f === 'properties' || f === 'traits' || f === 'context') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return `${at}: expected JSON object text such as {"store":"Berlin"}, got ${JSON.stringify(value.slice(0, 80))}`;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `${at}: expected a JSON object, got ${JSON.stringify(value.slice(0, 80))}`;
    if (tooDeep(value)) return `${at}: nested more than ${MAX_JSON_DEPTH} levels deep`;
  }
  const type = PROBE_TYPE[f] ?? 'track';
  const probe: Record<string, unknown> = { type, event: 'probe', userId: 'probe', timestamp: '2024-01-01T00:00:00.000Z', ...(type === 'group' ? { groupId: 'g' } : {}), ...(type === 'alias' ? { previousId: 'p' } : {}) };
  probe[f] = parsed;
  const r = normalizeMessage(probe, { receivedAt: Date.parse('2024-01-01T00:00:00.000Z'), source: 'probe' });
  if (r.ok) return null;
  const problem = r.error.find((p) => p.field === f) ?? r.error[0]!;
  return `${at}=${JSON.stringify(value.slice(0, 80))}: ${problem.message}`;
}

/** How messages name the options: as CLI flags (`--set event`) or as HTTP parameters (`set.event`). */
export type OptionStyle = 'cli' | 'http';

/**
 * `--set FIELD=VALUE` pairs as constants: each FIELD a field or dotted path a `--map` could
 * target, each value one the HTTP API accepts for it. The first problem names the field.
 */
export function parseConstants(set: Readonly<Record<string, string>>, defaultType?: MessageType, style: OptionStyle = 'cli'): Result<ImportConstant[], OptionProblem> {
  const flag = style === 'cli' ? '--set ' : 'set.';
  const out: ImportConstant[] = [];
  for (const [name, value] of Object.entries(set)) {
    let target: ColumnTarget;
    try {
      target = parseTarget('-', name, style === 'cli' ? '--set' : 'set:');
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return err({ field: `set.${name}`, message: e.message.replace(/^-: /, '') });
    }
    const problem = checkValue(name, target, value, flag);
    if (problem) return err({ field: `set.${name}`, message: problem });
    if (target.kind === 'field' && target.field === 'type' && defaultType !== undefined) {
      const [set, type] = style === 'cli' ? ['--set type', '--type'] : ['set.type', 'type'];
      return err({ field: 'set.type', message: `${set} and ${type} both give the type; use one (${type} fills rows without a type, ${set} needs a file without a type column)` });
    }
    out.push({ name, target, value });
  }
  return ok(out);
}

/** `--null TEXT` markers: non-empty texts (an empty cell is "no value" already). */
export function checkNullMarkers(markers: readonly string[], style: OptionStyle = 'cli'): OptionProblem | null {
  const [flag, example] = style === 'cli' ? ['--null', '--null NA'] : ['null', 'null=NA'];
  for (const m of markers) {
    if (m === '') return { field: 'null', message: `${flag}: give the text that stands for "no value" in the file (e.g. ${example}); an empty cell is no value already` };
  }
  return null;
}

/** The constants of an import's options, or an ImportError (for callers that did not check them first). */
export function constantsOf(file: string, set: Readonly<Record<string, string>> | undefined, defaultType: MessageType | undefined): ImportConstant[] {
  const r = parseConstants(set ?? {}, defaultType);
  if (!r.ok) throw new ImportError(`${file}: ${r.error.message}`, file);
  return r.value;
}
