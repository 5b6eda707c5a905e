import { MAX_JSON_DEPTH } from './limits.js';

/**
 * Checks that keep a stored value loadable by every engine. They work on JSON text as
 * `JSON.stringify` writes it: a lone UTF-16 surrogate comes out as the escape `\udXXX`
 * (well-formed JSON.stringify), a paired one as the character itself.
 */

/** Whether JSON text holds an escaped lone surrogate (`\ud800`…`\udfff`, not `\\ud800`). */
export function hasLoneSurrogateEscape(text: string): boolean {
  let i = text.indexOf('\\ud');
  while (i >= 0) {
    let slashes = 1;
    while (i - slashes >= 0 && text.charCodeAt(i - slashes) === 0x5c) slashes++;
    // An odd run of backslashes ending here starts an escape.
    if (slashes % 2 === 1) {
      const c = text.charCodeAt(i + 3) | 0x20; // lower-case hex digit
      if ((c >= 0x38 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) return true;
    }
    i = text.indexOf('\\ud', i + 3);
  }
  return false;
}

/** The deepest nesting of objects and arrays in JSON text (strings skipped). */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: find its closing quote (not escaped).
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Too deep to keep: more than MAX_JSON_DEPTH levels of objects/arrays (the field itself is level 1). */
export const tooDeep = (text: string) => text.length > 2 * MAX_JSON_DEPTH && jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH;

/** Path (`properties.a[2].b`) to the first string or key that is not well-formed Unicode, or null. */
export function loneSurrogatePath(value: unknown, path = ''): string | null {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return p;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        const kp = p ? `${p}.${k}` : k;
        if (!k.isWellFormed()) return kp.toWellFormed();
        stack.push([x, kp]);
      }
    }
  }
  return null;
}

/** JSON text of any value, never throwing: too deep or cyclic values become a note. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (e) {
    return JSON.stringify(`[not serializable: ${(e as Error).message}]`);
  }
}

/** A JSON.stringify replacer that writes every string well-formed (a lone surrogate becomes U+FFFD), so engines can read the text. */
export const wellFormedStrings = (_key: string, v: unknown): unknown => (typeof v === 'string' ? v.toWellFormed() : v);
