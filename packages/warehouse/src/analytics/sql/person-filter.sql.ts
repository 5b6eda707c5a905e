import { isRuleItem, isTraitItem, ruleItemAsOf, ruleItemTraits, UnresolvedSegmentFilterError, type PersonFilter, type PropertyFilter } from '@trailmap/core';
import type { Params } from '../../dialect/dialect.js';
import { segmentSql } from '../../customers/segments/segment.sql.js';
import { filterOnTextSql } from './event-match.sql.js';

/**
 * A subquery of the person ids that satisfy every condition of the filter (see `personMatcher`),
 * or null when there is no filter. Trait items: the latest value of a trait comes from the
 * identify event with the greatest (timestamp, message_id) that sets it. Rule items: the
 * segment rule's members as of the item's `asOf` (`segmentSql`). Saved-segment items must have
 * been resolved (`resolvePersonFilter`).
 */
export function personFilterSql(filter: PersonFilter | undefined, p: Params): string | null {
  if (!filter || filter.length === 0) return null;
  const d = p.dialect;
  const traitItems = filter.filter(isTraitItem) as PropertyFilter[];
  const keys = [...new Set(traitItems.map((f) => f.property))];
  const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
  const latest = keys.map((k, i) => {
    const v = d.jsonKey('traits', k, p);
    return `LEFT JOIN (SELECT person_id, ${d.argMax('v', 'o')} AS t${i} FROM (SELECT person_id, ${v} AS v, ${ord} AS o FROM events WHERE type = 'identify') AS s${i} WHERE v IS NOT NULL GROUP BY person_id) AS l${i} ON l${i}.person_id = ap.person_id`;
  });
  const conds = filter.map((f) => {
    if (isTraitItem(f)) return filterOnTextSql(`l${keys.indexOf(f.property)}.t${keys.indexOf(f.property)}`, f, p);
    if (isRuleItem(f)) return `ap.person_id IN (SELECT person_id FROM ${segmentSql(f.rule, p, ruleItemAsOf(f), undefined, ruleItemTraits(f))} AS sg)`;
    throw new UnresolvedSegmentFilterError('inSegment' in f ? f.inSegment : f.notInSegment);
  });
  return `(SELECT ap.person_id AS person_id FROM (SELECT DISTINCT person_id FROM ${d.events} AS events) AS ap ${latest.join(' ')} WHERE ${conds.join(' AND ')})`;
}
