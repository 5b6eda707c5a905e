import { CHANNEL_TYPE, FALLBACK_CHANNEL, FALLBACK_STAGE, type TouchpointRule } from '@trailmap/core';
import type { Dialect, Params } from '../dialect/dialect.js';

/** Column names of the classification inputs, computed by `classificationInputsFrom`. */
export const CLASSIFY_INPUT = {
  type: 'type',
  label: '_label',
  path: '_path',
  utmMedium: '_utm_medium',
  utmSource: '_utm_source',
  contextChannel: '_ctx_channel',
} as const;

/**
 * A derived table over `source` with `extraColumns` plus the classifier's inputs (same as
 * classifyInput) and `_ckey`, a hash of the inputs. JSON columns are parsed once each.
 */
export function classificationInputsFrom(d: Dialect, source: string, extraColumns: string): string {
  const el = (list: string, i: number) => d.listElement(list, i);
  return `(
    SELECT *, ${d.hash128(
      `concat_ws('|', ${Object.values(CLASSIFY_INPUT)
        .map((c) => `coalesce('=' || ${c}, '~')`)
        .join(', ')})`,
    )} AS _ckey FROM (
      SELECT ${extraColumns}, type,
             coalesce(event, name) AS ${CLASSIFY_INPUT.label},
             coalesce(${el('_c', 1)}, ${el('_p', 1)}) AS ${CLASSIFY_INPUT.path},
             coalesce(${el('_c', 2)}, ${el('_p', 2)}) AS ${CLASSIFY_INPUT.utmMedium},
             coalesce(${el('_c', 3)}, ${el('_p', 3)}) AS ${CLASSIFY_INPUT.utmSource},
             ${el('_c', 4)} AS ${CLASSIFY_INPUT.contextChannel}
        FROM (
          SELECT *, ${d.jsonStringList('context', [['page', 'path'], ['campaign', 'medium'], ['campaign', 'source'], ['channel']])} AS _c,
                 ${d.jsonStringList('properties', [['path'], ['utm_medium'], ['utm_source']])} AS _p
            FROM ${source}
        ) j
    ) i
  )`;
}

function matchSql(rule: TouchpointRule, d: Dialect, p: Params): string {
  const m = rule.match;
  const parts: string[] = [];
  if (m.type) parts.push(`${CLASSIFY_INPUT.type} IN (${m.type.map((t) => p.add(t)).join(', ')})`);
  const re = (col: string, pattern: string | undefined) => {
    if (pattern !== undefined) parts.push(d.regexMatch(col, p.add(pattern)));
  };
  re(CLASSIFY_INPUT.label, m.event);
  re(CLASSIFY_INPUT.path, m.path);
  re(CLASSIFY_INPUT.utmMedium, m.utmMedium);
  re(CLASSIFY_INPUT.utmSource, m.utmSource);
  re(CLASSIFY_INPUT.contextChannel, m.contextChannel);
  return parts.length ? parts.join(' AND ') : 'true';
}

function caseFor(attr: keyof TouchpointRule['set'], rules: readonly TouchpointRule[], d: Dialect, p: Params, otherwise: string) {
  const whens = rules
    .filter((r) => r.set[attr] !== undefined)
    .map((r) => `WHEN ${matchSql(r, d, p)} THEN ${p.add(r.set[attr])}`);
  return whens.length ? `CASE ${whens.join(' ')} ELSE ${otherwise} END` : otherwise;
}

/**
 * The classifier as SQL: first matching rule per attribute, then the same fallbacks as `classify`.
 * `channel` must be available as a column when `type` is evaluated (compute it one level down).
 */
export function touchpointSql(rules: readonly TouchpointRule[], d: Dialect, p: Params) {
  const defaultName = `CASE ${CLASSIFY_INPUT.type}
        WHEN 'track' THEN coalesce(${CLASSIFY_INPUT.label}, 'track')
        WHEN 'page' THEN coalesce(${CLASSIFY_INPUT.label}, ${CLASSIFY_INPUT.path}, 'Page')
        WHEN 'screen' THEN coalesce(${CLASSIFY_INPUT.label}, 'Screen')
        WHEN 'identify' THEN 'Identify' WHEN 'group' THEN 'Group' ELSE 'Alias' END`;
  const channelType = `CASE channel ${Object.entries(CHANNEL_TYPE)
    .map(([c, t]) => `WHEN ${p.add(c)} THEN ${p.add(t)}`)
    .join(' ')} END`;
  return {
    touchpoint: caseFor('touchpoint', rules, d, p, defaultName),
    channel: caseFor('channel', rules, d, p, p.add(FALLBACK_CHANNEL)),
    stage: caseFor('stage', rules, d, p, p.add(FALLBACK_STAGE)),
    /** Uses the `channel` column. */
    type: caseFor('type', rules, d, p, channelType),
  };
}
