import { isCardNumber } from './card.js';
import { isCnResidentId } from './cn-id.js';
import { isEmail } from './email.js';
import { isIban } from './iban.js';
import { isIpAddress } from './ip.js';
import { isPersonName } from './name.js';
import type { PiiKind } from './pii-kind.js';
import { isPhoneNumber } from './phone.js';

/** Longer text is free text, not one identifier: the classifiers look at whole values only. */
const MAX_TEXT = 256;

/** The text a value is classified as: strings as they are, integers as their digits (a phone sent as a number). */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.length <= MAX_TEXT ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

/**
 * The kinds of personal data a value holds (none for most values). `path` is its key path in the
 * message (`traits.email`, `properties.items[].card`); names are recognised only under name keys of
 * traits, and a dotted quad under a version-like key is a version. The checks are ordered so a
 * value gets one kind (an 18-digit Chinese ID that also passes Luhn is an ID).
 */
export function classifyValue(value: unknown, path?: string): PiiKind[] {
  const text = textOf(value);
  if (text === null) return [];
  // One character is no identifier, but it is a whole Chinese surname (traits.姓: "王").
  if (text.trim().length < 2) return typeof value === 'string' && isPersonName(text, path) ? ['name'] : [];
  const kinds: PiiKind[] = [];
  if (text.includes('@')) return isEmail(text) ? ['email'] : [];
  // Every other kind but a name holds a digit or a colon (IPv6 "::"): most text is decided here, cheaply.
  if (!/[\d:]/.test(text)) return typeof value === 'string' && isPersonName(text, path) ? ['name'] : [];
  if (isCnResidentId(text)) kinds.push('cn_id');
  else if (isCardNumber(text)) kinds.push('card');
  else if (isPhoneNumber(text)) kinds.push('phone');
  if (kinds.length > 0) return kinds;
  if (isIban(text)) return ['iban'];
  if (isIpAddress(text, path)) return ['ip'];
  if (typeof value === 'string' && isPersonName(text, path)) return ['name'];
  return kinds;
}
