import type { ItemInfo } from './interaction.js';
import type { PlacementRules } from './personalize-config.schema.js';

/** Why an item may not be shown, or null when it may (the rules of docs/personalize.md#business-rules). */
export function ruleRefusal(item: ItemInfo | undefined, rules: PlacementRules, purchased: ReadonlySet<string>, id: string): string | null {
  if (rules.excludePurchased && purchased.has(id)) return 'already purchased';
  if (rules.inStockOnly && item?.stock != null && item.stock <= 0) return 'out of stock';
  if (rules.minMargin !== undefined && (item?.margin == null || item.margin < rules.minMargin)) return 'margin below the minimum';
  return null;
}

/** A relevance score with the margin preference applied: score × (1 + marginWeight × margin); unknown margin counts 0. */
export const withMargin = (score: number, item: ItemInfo | undefined, rules: PlacementRules): number =>
  rules.marginWeight > 0 ? score * (1 + rules.marginWeight * Math.max(0, item?.margin ?? 0)) : score;
