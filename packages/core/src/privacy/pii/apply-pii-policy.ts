import { createHmac } from 'node:crypto';
import { classifyValue } from './classify-value.js';
import { isHashed, maskValue } from './mask-value.js';
import type { PiiKind } from './pii-kind.js';
import { kindActions, type PiiAction, type PiiPolicy, type PiiRule } from './pii-policy.schema.js';
import { SCANNED_PARTS, type ScannedMessage } from './scan-record.js';

/** One value the policy looked at: its path, the kind detected (null: a path rule's value of no known kind), the action taken. */
export interface PiiApplied {
  path: string;
  kind: PiiKind | null;
  action: PiiAction;
}

/**
 * `h:` and the hex HMAC-SHA256 of the value under the project salt. Emails are trimmed and lower
 * cased first, so one address hashes alike however it was typed; other values are hashed as sent.
 */
export function hashValue(value: unknown, kind: PiiKind | null, salt: Uint8Array): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const normal = kind === 'email' ? text.trim().toLowerCase() : text;
  return 'h:' + createHmac('sha256', salt).update(normal, 'utf8').digest('hex');
}

function pathMatches(pattern: string, path: string): boolean {
  const a = pattern.split('.');
  const b = path.split('.');
  return a.length === b.length && a.every((seg, i) => seg === '*' || seg === b[i] || (seg.endsWith('[]') && seg.slice(0, -2) === '*' && b[i]!.endsWith('[]')));
}

/** The first rule or default that applies to a value at `path` of `kind` (null: not flagged). */
export function decide(rules: readonly PiiRule[], defaults: Record<PiiKind, PiiAction>, path: string, kind: PiiKind | null): { action: PiiAction; byRule: boolean } | null {
  for (const r of rules) {
    if (r.path !== undefined && !pathMatches(r.path, path)) continue;
    if (r.kind !== undefined && r.kind !== kind) continue;
    return { action: r.action, byRule: true };
  }
  return kind === null ? null : { action: defaults[kind], byRule: false };
}

/** Per-kind actions of a policy, worked out once per policy object (ingest applies one policy to every record). */
const ACTIONS = new WeakMap<PiiPolicy, Record<PiiKind, PiiAction>>();
function actionsOf(policy: PiiPolicy): Record<PiiKind, PiiAction> {
  let a = ACTIONS.get(policy);
  if (!a) ACTIONS.set(policy, (a = kindActions(policy)));
  return a;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_DEPTH = 32;

/**
 * Apply the policy to a message's properties, traits and context; returns the new parts (the input
 * is not changed) and every value looked at: each flagged value with its action (keep included,
 * so counts show what is kept), and each value a path rule changed. Dropped keys are removed, a
 * dropped array element too. Masked values are not masked again, hashed values not hashed again.
 */
export function applyPiiPolicy<M extends ScannedMessage>(message: M, policy: PiiPolicy, salt: Uint8Array): { message: M; applied: PiiApplied[] } {
  const applied: PiiApplied[] = [];
  const defaults = actionsOf(policy);
  const DROP = Symbol('drop');
  const wholeRules = policy.rules.filter((r) => r.path !== undefined && r.kind === undefined);
  const visit = (value: unknown, path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) return value;
    if (Array.isArray(value) || isObject(value)) {
      // A path rule may name an object or array (drop `traits.address`): decided before its leaves.
      const whole = wholeRules.length === 0 ? null : decide(wholeRules, defaults, path, null);
      if (whole && whole.action !== 'keep') return act(value, path, null, whole.action);
      if (Array.isArray(value)) return value.map((v) => visit(v, `${path}[]`, depth + 1)).filter((v) => v !== DROP);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const next = visit(v, `${path}.${k}`, depth + 1);
        if (next !== DROP) out[k] = next;
      }
      return out;
    }
    if (isHashed(value)) return value;
    const kind = classifyValue(value, path)[0] ?? null;
    const d = decide(policy.rules, defaults, path, kind);
    if (d === null) return value;
    if (kind === null && d.action === 'keep') return value;
    return act(value, path, kind, d.action);
  };
  const act = (value: unknown, path: string, kind: PiiKind | null, action: PiiAction): unknown => {
    applied.push({ path, kind, action });
    switch (action) {
      case 'keep':
        return value;
      case 'mask':
        return maskValue(value, kind);
      case 'hash':
        return hashValue(value, kind, salt);
      case 'drop':
        return DROP;
    }
  };
  const out: Record<string, unknown> = { ...message };
  for (const part of SCANNED_PARTS) {
    const v = message[part];
    if (v === undefined || v === null) continue;
    const next = visit(v, part, 0);
    out[part] = next === DROP ? {} : next;
  }
  return { message: out as M, applied };
}
