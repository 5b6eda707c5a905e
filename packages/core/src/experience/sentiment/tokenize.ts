import { EMOJI_TERMS } from './lexicon-emoji.js';
import {
  EN_BARE_CONTRACTIONS, EN_CONTRAST, EN_EXPECTATIONS, EN_INTENSIFIERS, EN_NEGATING_TERMS, EN_NEGATORS, EN_NEUTRAL,
  EN_TERMS,
} from './lexicon-en.js';
import {
  ZH_CONTRAST, ZH_EXPECTATIONS, ZH_FILLERS, ZH_INTENSIFIERS, ZH_NEGATING_TERMS, ZH_NEGATORS, ZH_NEUTRAL,
  ZH_POST_INTENSIFIERS, ZH_TERMS,
} from './lexicon-zh.js';

/**
 * A lexical unit after tokenising and lexicon matching. Multi-word (English) and multi-character
 * (Chinese) entries are one unit.
 */
export type Unit =
  /** A sentiment term; `negates` marks terms that also negate what follows (failed to, 无法). */
  | { kind: 'term'; text: string; weight: number; caps: boolean; negates: boolean }
  /** Neutral unless negated. */
  | { kind: 'expect'; text: string; weight: number }
  | { kind: 'neg'; text: string }
  | { kind: 'int'; text: string; mult: number }
  /** Chinese intensifier placed after the term (慢死了). */
  | { kind: 'post'; text: string; mult: number }
  | { kind: 'contrast'; text: string }
  /** Chinese words negation and intensifiers may reach across (都, 也, 任何). */
  | { kind: 'filler'; text: string }
  /** Any other word, including neutral lexicon words. */
  | { kind: 'word'; text: string }
  /** Clause boundary: comma, semicolon, colon, bracket, dash. */
  | { kind: 'clause' }
  /** Sentence boundary: . ! ? 。 and line breaks. */
  | { kind: 'end' };

type Entry = Exclude<Unit, { kind: 'clause' } | { kind: 'end' }>;

/** Builds one lookup table; the first table that defines a key wins (neutral words first). */
function buildDictionary(tables: {
  neutral: readonly string[];
  negatingTerms: Readonly<Record<string, number>>;
  terms: Readonly<Record<string, number>>;
  expectations: Readonly<Record<string, number>>;
  negators: readonly string[];
  intensifiers: Readonly<Record<string, number>>;
  post?: Readonly<Record<string, number>>;
  contrast: readonly string[];
  fillers?: readonly string[];
}): Map<string, Entry> {
  const dict = new Map<string, Entry>();
  const add = (key: string, entry: Entry) => {
    if (!dict.has(key)) dict.set(key, entry);
  };
  for (const k of tables.neutral) add(k, { kind: 'word', text: k });
  for (const [k, w] of Object.entries(tables.negatingTerms)) add(k, { kind: 'term', text: k, weight: w, caps: false, negates: true });
  for (const [k, w] of Object.entries(tables.terms)) add(k, { kind: 'term', text: k, weight: w, caps: false, negates: false });
  for (const [k, w] of Object.entries(EMOJI_TERMS)) add(k, { kind: 'term', text: k, weight: w, caps: false, negates: false });
  for (const [k, w] of Object.entries(tables.expectations)) add(k, { kind: 'expect', text: k, weight: w });
  for (const k of tables.negators) add(k, { kind: 'neg', text: k });
  for (const [k, m] of Object.entries(tables.intensifiers)) add(k, { kind: 'int', text: k, mult: m });
  for (const [k, m] of Object.entries(tables.post ?? {})) add(k, { kind: 'post', text: k, mult: m });
  for (const k of tables.contrast) add(k, { kind: 'contrast', text: k });
  for (const k of tables.fillers ?? []) add(k, { kind: 'filler', text: k });
  return dict;
}

let enDict: Map<string, Entry> | undefined;
let enMaxWords = 1;
let zhDict: Map<string, Entry> | undefined;
let zhMaxChars = 1;

function en(): Map<string, Entry> {
  if (!enDict) {
    enDict = buildDictionary({
      neutral: EN_NEUTRAL, negatingTerms: EN_NEGATING_TERMS, terms: EN_TERMS, expectations: EN_EXPECTATIONS,
      negators: [...EN_NEGATORS, ...EN_BARE_CONTRACTIONS], intensifiers: EN_INTENSIFIERS, contrast: EN_CONTRAST,
    });
    for (const k of enDict.keys()) enMaxWords = Math.max(enMaxWords, k.split(' ').length);
  }
  return enDict;
}

function zh(): Map<string, Entry> {
  if (!zhDict) {
    zhDict = buildDictionary({
      neutral: ZH_NEUTRAL, negatingTerms: ZH_NEGATING_TERMS, terms: ZH_TERMS, expectations: ZH_EXPECTATIONS,
      negators: ZH_NEGATORS, intensifiers: ZH_INTENSIFIERS, post: ZH_POST_INTENSIFIERS, contrast: ZH_CONTRAST,
      fillers: ZH_FILLERS,
    });
    for (const k of zhDict.keys()) zhMaxChars = Math.max(zhMaxChars, Array.from(k).length);
  }
  return zhDict;
}

/** NFKC (full-width → ASCII punctuation), curly → straight apostrophes, no emoji joiners/variation selectors. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'").replace(/[\ufe0e\ufe0f\u200d]/g, '');
}

const EMOJI = /\p{Extended_Pictographic}/u;
const END_PUNCT = /^(?:[.!?\u3002\u2026]+|\n)$/u;

// Emoticon | emoji | word (letters/digits with inner ' or -) | sentence end | clause punctuation.
const EN_TOKEN =
  /([:;=]'?-?[()dDpP](?![\p{L}\p{N}]))|(\p{Extended_Pictographic})|([\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*)|([.!?\u3002\u2026]+|\n)|([,;:()"\u2014\u2013\u3001]|\s-\s)/gu;

interface RawWord { lower: string; orig: string }

/** Suffix-stripping fallback for single English words not in the lexicon (delays → delay). */
function stemLookup(word: string, dict: Map<string, Entry>): Entry | undefined {
  if (word.length < 5) return undefined;
  const candidates: string[] = [];
  if (word.endsWith('ies')) candidates.push(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) candidates.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) candidates.push(word.slice(0, -1));
  if (word.endsWith('ly')) candidates.push(word.slice(0, -2), word.slice(0, -2) + 'e');
  if (word.endsWith('ed')) candidates.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) candidates.push(word.slice(0, -3), word.slice(0, -3) + 'e');
  for (const c of candidates) {
    if (c.length < 3) continue;
    const e = dict.get(c);
    if (e && (e.kind === 'term' || e.kind === 'expect')) return e;
  }
  return undefined;
}

function isNegatorWord(w: string): boolean {
  return w.endsWith("n't") || w === 'cannot';
}

/** Matches a run of English words (no punctuation inside) against the lexicon, longest first. */
function matchEnRun(words: RawWord[], out: Unit[]): void {
  const dict = en();
  let i = 0;
  while (i < words.length) {
    let matched = false;
    for (let n = Math.min(enMaxWords, words.length - i); n >= 1; n--) {
      const slice = words.slice(i, i + n);
      const key = slice.map((w) => w.lower).join(' ');
      const entry = dict.get(key);
      if (!entry) continue;
      if (entry.kind === 'term') {
        const caps = slice.every((w) => w.orig.length > 1 && /\p{Lu}/u.test(w.orig) && w.orig === w.orig.toUpperCase());
        out.push({ ...entry, text: key, caps });
      } else out.push({ ...entry, text: key });
      i += n;
      matched = true;
      break;
    }
    if (matched) continue;
    const w = words[i]!;
    const stem = stemLookup(w.lower, dict);
    if (stem) {
      const caps = w.orig.length > 1 && /\p{Lu}/u.test(w.orig) && w.orig === w.orig.toUpperCase();
      out.push(stem.kind === 'term' ? { ...stem, text: w.lower, caps } : { ...stem, text: w.lower });
    } else if (isNegatorWord(w.lower)) out.push({ kind: 'neg', text: w.lower });
    else out.push({ kind: 'word', text: w.lower });
    i++;
  }
}

/** English: lower-cased words, contractions kept whole ("didn't" is a negator), punctuation as boundaries. */
export function tokenizeEn(text: string): Unit[] {
  const dict = en();
  const out: Unit[] = [];
  let run: RawWord[] = [];
  const flush = () => {
    if (run.length) matchEnRun(run, out);
    run = [];
  };
  for (const m of normalizeText(text).matchAll(EN_TOKEN)) {
    const [, emoticon, emoji, word, end] = m;
    if (emoticon !== undefined || emoji !== undefined) {
      flush();
      const key = (emoticon ?? emoji ?? '').toLowerCase();
      const w = EMOJI_TERMS[key];
      out.push(w === undefined ? { kind: 'word', text: key } : { kind: 'term', text: key, weight: w, caps: false, negates: false });
    } else if (word !== undefined) {
      const lower = word.toLowerCase();
      // A hyphenated word the lexicon does not know is read as its parts ("well-packed" → well packed).
      if (lower.includes('-') && !dict.has(lower)) {
        const origParts = word.split('-');
        lower.split('-').forEach((p, k) => run.push({ lower: p, orig: origParts[k] ?? p }));
      } else run.push({ lower, orig: word });
    } else if (end !== undefined) {
      flush();
      out.push({ kind: 'end' });
    } else {
      flush();
      out.push({ kind: 'clause' });
    }
  }
  flush();
  return out;
}

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[\p{L}\p{N}]/u;
const ZH_CLAUSE = /[,;:()"\u3001\u2014\u2013~\u300c\u300d\u300a\u300b\u3010\u3011]/u;

/**
 * Chinese: greedy longest match over the character string against every lexicon table. Characters
 * no entry covers become one-character `word` units. Latin words inside Chinese text ("App", "bug")
 * are looked up in the English lexicon as single words.
 */
export function tokenizeZh(text: string): Unit[] {
  const dict = zh();
  const chars = Array.from(normalizeText(text));
  const out: Unit[] = [];
  let p = 0;
  while (p < chars.length) {
    const c = chars[p]!;
    if (HAN.test(c)) {
      let matched = false;
      for (let len = Math.min(zhMaxChars, chars.length - p); len >= 1; len--) {
        const key = chars.slice(p, p + len).join('');
        const entry = dict.get(key);
        if (!entry) continue;
        out.push(entry);
        p += len;
        matched = true;
        break;
      }
      if (!matched) {
        out.push({ kind: 'word', text: c });
        p++;
      }
    } else if (EMOJI.test(c)) {
      const w = EMOJI_TERMS[c];
      out.push(w === undefined ? { kind: 'word', text: c } : { kind: 'term', text: c, weight: w, caps: false, negates: false });
      p++;
    } else if (LATIN_OR_DIGIT.test(c)) {
      let q = p;
      while (q < chars.length && LATIN_OR_DIGIT.test(chars[q]!) && !HAN.test(chars[q]!)) q++;
      const word = chars.slice(p, q).join('').toLowerCase();
      const w = EN_TERMS[word];
      out.push(w === undefined ? { kind: 'word', text: word } : { kind: 'term', text: word, weight: w, caps: false, negates: false });
      p = q;
    } else {
      // ASCII emoticons inside Chinese text, then punctuation; whitespace and other symbols are skipped.
      const three = chars.slice(p, p + 3).join('').toLowerCase();
      const two = chars.slice(p, p + 2).join('').toLowerCase();
      const emo = EMOJI_TERMS[three] !== undefined ? three : EMOJI_TERMS[two] !== undefined ? two : undefined;
      if (emo !== undefined) {
        out.push({ kind: 'term', text: emo, weight: EMOJI_TERMS[emo]!, caps: false, negates: false });
        p += Array.from(emo).length;
        continue;
      }
      if (END_PUNCT.test(c)) {
        if (out.at(-1)?.kind !== 'end') out.push({ kind: 'end' });
      } else if (ZH_CLAUSE.test(c)) out.push({ kind: 'clause' });
      p++;
    }
  }
  return out;
}
