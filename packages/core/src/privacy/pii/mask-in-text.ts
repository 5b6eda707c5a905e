import { classifyValue } from './classify-value.js';
import { maskValue } from './mask-value.js';

/**
 * Candidates in free text: JSON string literals, email-like tokens, digit runs with separators
 * (cards, phones, IDs), IPv4/IPv6-like tokens and IBAN-like tokens. Each is classified as a whole.
 */
const CANDIDATES = /"(?:[^"\\]|\\.){1,256}"|[^\s"'<>(),;?&=/:]+@[^\s"'<>(),;?&=/:]+|\+?\d[\d ().-]{5,30}[\dXx]|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b/g;

function maskCandidate(token: string): string {
  if (token.startsWith('"')) {
    let inner: unknown;
    try {
      inner = JSON.parse(token);
    } catch {
      return token;
    }
    const kinds = classifyValue(inner);
    return kinds.length > 0 ? JSON.stringify(maskValue(inner, kinds[0]!)) : maskPiiInText(token.slice(1, -1)) === token.slice(1, -1) ? token : `"${maskPiiInText(token.slice(1, -1))}"`;
  }
  const trimmed = token.replace(/[.:-]+$/, '');
  const kinds = classifyValue(trimmed);
  return kinds.length > 0 ? maskValue(trimmed, kinds[0]!) + token.slice(trimmed.length) : token;
}

/** Text (an error message, a log line) with every value the classifiers flag masked, the rest as it was. */
export function maskPiiInText(text: string): string {
  if (text.length > 100_000) return text.slice(0, 100_000).replace(CANDIDATES, maskCandidate) + '…';
  return text.replace(CANDIDATES, maskCandidate);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of any JSON value with every flagged leaf masked (names under name keys of traits too):
 * what the quarantine keeps of a refused message, whatever the policy, since it is never checked further.
 */
export function maskPiiLeaves(value: unknown, path = '', depth = 0): unknown {
  // Deeper than any valid message may nest (MAX_JSON_DEPTH): not kept, so not unmasked either.
  if (depth > 80 && (Array.isArray(value) || isObject(value))) return '…(nested too deep, not kept)';
  if (Array.isArray(value)) return value.map((v) => maskPiiLeaves(v, `${path}[]`, depth + 1));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPiiLeaves(v, path ? `${path}.${k}` : k, depth + 1)]));
  const kinds = classifyValue(value, path);
  if (kinds.length > 0) return maskValue(value, kinds[0]!);
  return typeof value === 'string' ? maskPiiInText(value) : value;
}
