import { classifyValue } from './classify-value.js';
import type { PiiKind } from './pii-kind.js';

/** One value the classifiers flagged: where it is and what it holds. */
export interface PiiHit {
  /** The key path: `traits.email`, `properties.billing.card`, `properties.items[].email` (every array element shares `[]`). */
  path: string;
  kinds: PiiKind[];
}

/** The parts of a message whose values are scanned (identifiers such as userId are not). */
export const SCANNED_PARTS = ['properties', 'traits', 'context'] as const;
export type ScannedPart = (typeof SCANNED_PARTS)[number];
export type ScannedMessage = Partial<Record<ScannedPart, unknown>>;

const MAX_DEPTH = 32;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Visit every leaf under `value` with its key path (arrays as `[]`); stops at MAX_DEPTH. */
export function walkLeaves(value: unknown, path: string, visit: (path: string, leaf: unknown) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) for (const v of value) walkLeaves(v, `${path}[]`, visit, depth + 1);
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) walkLeaves(v, `${path}.${k}`, visit, depth + 1);
  else visit(path, value);
}

/** Every flagged value of a message's properties, traits and context, in document order. */
export function scanRecord(message: ScannedMessage): PiiHit[] {
  const hits: PiiHit[] = [];
  for (const part of SCANNED_PARTS) {
    const v = message[part];
    if (v === undefined || v === null) continue;
    walkLeaves(v, part, (path, leaf) => {
      const kinds = classifyValue(leaf, path);
      if (kinds.length > 0) hits.push({ path, kinds });
    });
  }
  return hits;
}
