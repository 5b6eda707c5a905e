import type { PiiKind } from './pii-kind.js';

/** Stars for every digit but the last `keep` (separators stay, so the shape is recognisable). */
function starDigits(text: string, keep: number, keepFirst = 0): string {
  const total = (text.match(/\d/g) ?? []).length;
  let seen = 0;
  return text.replace(/\d/g, (d) => (seen++ < keepFirst || seen > total - keep ? d : '*'));
}

/** Every character but the first (of each word for names) as a star. */
const firstOnly = (word: string) => {
  const chars = [...word];
  return chars.length <= 1 ? chars.join('') + (chars.length ? '*' : '') : chars[0] + '*'.repeat(Math.min(chars.length - 1, 8));
};

/**
 * A masked value keeps a shape people recognise and nothing that identifies: `j***@example.com`,
 * `**** **** **** 1111`, `+86 ***-****-5678`, `1101**********123X`, `DE89 **** … 3000`, `203.0.113.*`,
 * `J*** D**`. A value of no known kind (a path rule's) keeps its first character.
 */
export function maskValue(value: unknown, kind: PiiKind | null): string {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  if (text === '') return '***';
  switch (kind) {
    case 'email': {
      const at = text.lastIndexOf('@');
      return `${firstOnly(text.slice(0, at)).replace(/\*+$/, '***')}${text.slice(at)}`;
    }
    case 'card':
    case 'phone':
      return starDigits(text, 4);
    case 'cn_id':
      return text.slice(0, 4) + '*'.repeat(10) + text.slice(14);
    case 'iban': {
      const compact = text.replace(/ /g, '');
      const middle = compact.slice(4, -4).replace(/[A-Za-z0-9]/g, '*');
      return `${compact.slice(0, 4)}${middle}${compact.slice(-4)}`;
    }
    case 'ip':
      return text.includes(':') ? `${text.split(':').slice(0, 3).join(':')}:*` : `${text.split('.').slice(0, 3).join('.')}.*`;
    case 'name':
      return text.split(/(\s+)/).map((w) => (/\s/.test(w) ? w : firstOnly(w))).join('');
    case null:
      return firstOnly(text);
  }
}

/** Whether a value already went through mask or hash (ingest never masks or hashes twice). */
export const isHashed = (value: unknown) => typeof value === 'string' && /^h:[0-9a-f]{64}$/.test(value);
