import { CONVERSION_VALUE_KEYS } from './conversion-paths.schema.js';

/**
 * The value of a conversion: its `revenue` property, else `value`, else `total`, else 0. Only
 * JSON numbers count: a text such as "12.50", a boolean or null is skipped as if absent, so
 * the next key is tried (the SQL versions test the JSON type the same way).
 */
export function conversionValue(properties: Record<string, unknown>): number {
  for (const k of CONVERSION_VALUE_KEYS) {
    const v = properties[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v + 0; // + 0: -0 becomes 0, as stored JSON gives it
  }
  return 0;
}
