/** RFC 5321 limits (254 in all, 64 before the @); a dotted domain whose last label is 2+ letters. */
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/** An email address (the whole value, surrounding spaces aside). */
export function isEmail(text: string): boolean {
  const s = text.trim();
  if (s.length > 254 || s.length < 6) return false;
  const at = s.indexOf('@');
  if (at < 1 || at > 64) return false;
  return EMAIL.test(s);
}
