/** Digits after `+`: E.164 allows up to 15; 8 is the shortest real national number with its country code. */
const INTERNATIONAL = /^\+[1-9][\d\s().-]{6,22}$/;
/** North American form with separators: (555) 123-4567, 555-123-4567, 555.123.4567. */
const NANP = /^(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}$/;
/** Chinese mobile numbers: 1[3-9] and nine digits, optional +86 / 0086, groups 3-4-4 separated by spaces or hyphens. */
const CN_MOBILE = /^(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}$/;

/** A phone number: international (+ and country code), North American with separators, or Chinese mobile. */
export function isPhoneNumber(text: string): boolean {
  const s = text.trim();
  if (s.length < 7 || s.length > 32) return false;
  if (CN_MOBILE.test(s)) return true;
  if (NANP.test(s)) return !/^[01]/.test(s.replace(/^\(/, ''));
  if (INTERNATIONAL.test(s)) {
    const digits = s.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) return false;
    // Separators sit between digits, never doubled; parentheses only around one group.
    if (/[\s.-]{2}|[.-]$/.test(s)) return false;
    if ((s.match(/\(/g) ?? []).length !== (s.match(/\)/g) ?? []).length || (s.match(/\(/g) ?? []).length > 1) return false;
    // A decimal number with a plus ("+12.50", "+1234.5678") is not a phone.
    if (/^\+\d+\.\d+$/.test(s)) return false;
    return true;
  }
  return false;
}
