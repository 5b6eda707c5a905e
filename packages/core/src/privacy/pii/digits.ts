/** The digits of `text` when it holds only digits and the given separators, else null. */
export function digitsOnly(text: string, separators: RegExp): string | null {
  const stripped = text.trim().replace(separators, '');
  return /^\d+$/.test(stripped) ? stripped : null;
}

/** The Luhn (mod 10) check, ISO/IEC 7812-1 Annex B. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
