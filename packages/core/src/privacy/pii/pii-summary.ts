import { z } from 'zod';
import { decide } from './apply-pii-policy.js';
import { piiKindSchema, PII_KINDS, type PiiKind } from './pii-kind.js';
import { kindActions, piiActionSchema, piiPolicySchema, type PiiAction, type PiiPolicy } from './pii-policy.schema.js';

/** One key path and kind PII was found at, with what ingest did to its values. */
export const piiKeySummarySchema = z.object({
  path: z.string().meta({ description: 'the key path, e.g. traits.email or properties.items[].card' }),
  kind: piiKindSchema.nullable().meta({ description: 'the kind detected; null for values a path rule acted on that no classifier flagged' }),
  values: z.number().int().meta({ description: 'values seen at this path of this kind since the store was created' }),
  actions: z.object({ keep: z.number().int(), mask: z.number().int(), hash: z.number().int(), drop: z.number().int() }).meta({ description: 'of those, how many were kept, masked, hashed and dropped' }),
  policyAction: piiActionSchema.meta({ description: 'what the current policy does with the next such value' }),
  lastSeen: z.string().meta({ description: 'when a value was last seen (ISO-8601)' }),
});
export type PiiKeySummary = z.infer<typeof piiKeySummarySchema>;

/** GET /v1/privacy/pii: the key paths holding each kind, the counts and the policy. */
export const piiSummaryAnswerSchema = z.object({
  kinds: z.array(z.object({ kind: piiKindSchema, keys: z.number().int().meta({ description: 'key paths holding this kind' }), values: z.number().int(), action: piiActionSchema.meta({ description: 'the policy default for this kind' }) })),
  keys: z.array(piiKeySummarySchema),
  policy: piiPolicySchema,
});
export type PiiSummaryAnswer = z.infer<typeof piiSummaryAnswerSchema>;

/** One stored count row (pii_detections, summed by path, kind and action). */
export interface PiiCountRow {
  path: string;
  kind: PiiKind | null;
  action: PiiAction;
  values: number;
  lastSeen: string;
}

/** Fold the stored counts into the answer: per key path and kind, per kind, with the current policy's action. */
export function summarisePii(rows: readonly PiiCountRow[], policy: PiiPolicy): PiiSummaryAnswer {
  const defaults = kindActions(policy);
  const byKey = new Map<string, PiiKeySummary>();
  for (const r of rows) {
    const id = `${r.path}\u0000${r.kind ?? ''}`;
    let k = byKey.get(id);
    if (!k) {
      const d = decide(policy.rules, defaults, r.path, r.kind);
      k = { path: r.path, kind: r.kind, values: 0, actions: { keep: 0, mask: 0, hash: 0, drop: 0 }, policyAction: d?.action ?? 'keep', lastSeen: r.lastSeen };
      byKey.set(id, k);
    }
    k.values += r.values;
    k.actions[r.action] += r.values;
    if (r.lastSeen > k.lastSeen) k.lastSeen = r.lastSeen;
  }
  const keys = [...byKey.values()].sort((a, b) => b.values - a.values || a.path.localeCompare(b.path));
  const kinds = PII_KINDS.map((kind) => {
    const of = keys.filter((k) => k.kind === kind);
    return { kind, keys: new Set(of.map((k) => k.path)).size, values: of.reduce((s, k) => s + k.values, 0), action: defaults[kind] };
  });
  return { kinds, keys, policy };
}
