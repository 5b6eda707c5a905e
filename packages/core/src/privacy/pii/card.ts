import { digitsOnly, luhnValid } from './digits.js';

/** Issuer prefixes (IIN ranges) and the lengths each network issues; a card must match one. */
const NETWORKS: ReadonlyArray<{ prefix: (d: string) => boolean; lengths: readonly number[] }> = [
  { prefix: (d) => d.startsWith('4'), lengths: [13, 16, 19] }, // Visa
  { prefix: (d) => inRange(d, 2, 51, 55) || inRange(d, 4, 2221, 2720), lengths: [16] }, // Mastercard
  { prefix: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15] }, // American Express
  { prefix: (d) => d.startsWith('6011') || d.startsWith('65') || inRange(d, 3, 644, 649), lengths: [16, 17, 18, 19] }, // Discover
  { prefix: (d) => inRange(d, 4, 3528, 3589), lengths: [16, 17, 18, 19] }, // JCB
  { prefix: (d) => inRange(d, 3, 300, 305) || d.startsWith('36') || d.startsWith('38') || d.startsWith('39'), lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { prefix: (d) => d.startsWith('62') || d.startsWith('81'), lengths: [16, 17, 18, 19] }, // UnionPay
  { prefix: (d) => d.startsWith('50') || inRange(d, 2, 56, 58) || d.startsWith('67'), lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { prefix: (d) => inRange(d, 4, 2200, 2204), lengths: [16, 17, 18, 19] }, // Mir
];

function inRange(d: string, len: number, lo: number, hi: number): boolean {
  const n = Number(d.slice(0, len));
  return n >= lo && n <= hi;
}

/**
 * A payment card number: 13–19 digits (spaces or hyphens between groups allowed), a known
 * issuer prefix with one of its lengths, and a valid Luhn check digit.
 */
export function isCardNumber(text: string): boolean {
  if (text.length > 30) return false;
  // Groups separated by one kind of separator only ("4111 1111-1111 1111" is not how cards are written).
  const t = text.trim();
  if (!/^\d[\d -]{11,}\d$/.test(t)) return false;
  if (/ /.test(t) && /-/.test(t)) return false;
  if (/[ -]{2}/.test(t) || /^[ -]|[ -]$/.test(t)) return false;
  const d = digitsOnly(t, /[ -]/g);
  if (d === null || d.length < 13 || d.length > 19) return false;
  if (!NETWORKS.some((n) => n.lengths.includes(d.length) && n.prefix(d))) return false;
  return luhnValid(d);
}
