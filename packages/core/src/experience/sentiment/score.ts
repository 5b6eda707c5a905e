import { normalizeText, tokenizeEn, tokenizeZh, type Unit } from './tokenize.js';
import type { Language, SentimentLabel, SentimentMatch, SentimentResult } from './types.js';

/** A negated term's weight is multiplied by this (VADER's N_SCALAR). */
export const NEGATION_SCALAR = -0.74;
/** Terms before the last contrast word of a sentence ("but", 但是) are weighted 0.5, terms after it 1.5. */
export const CONTRAST_BEFORE = 0.5;
export const CONTRAST_AFTER = 1.5;
/** Each "!" (up to 4) adds this much to the magnitude of the raw sum (VADER). */
export const EXCLAMATION_INCREMENT = 0.292;
export const MAX_EXCLAMATIONS = 4;
/** An English term in ALL CAPS, in text that is not all caps, gains this much magnitude (VADER). */
export const CAPS_INCREMENT = 0.733;
/** score = sum / sqrt(sum² + alpha) (VADER's normalisation). */
export const NORMALIZATION_ALPHA = 15;
/** score ≥ 0.05 → positive, score ≤ −0.05 → negative, otherwise neutral (VADER's thresholds). */
export const LABEL_THRESHOLD = 0.05;

/** English: how many units before a term a negator or intensifier may be. */
const EN_WINDOW = 3;
/** English: an intensifier 2 or 3 units away has a little less effect (VADER's 0.95 / 0.9). */
const EN_DECAY = [1, 0.95, 0.9] as const;
/** Chinese: how many negator / intensifier / filler units may precede a term. */
const ZH_CHAIN = 5;

const HAN_G = /\p{Script=Han}/gu;
const LATIN_WORD_G = /[A-Za-z]+/g;

/**
 * `zh` when the text has Chinese (Han) characters and at least as many of them as Latin words
 * ("App很好用" is Chinese, "The 北京 store was great" is English); otherwise `en`.
 */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN_G)?.length ?? 0;
  if (han === 0) return 'en';
  const latinWords = text.match(LATIN_WORD_G)?.length ?? 0;
  return han >= latinWords ? 'zh' : 'en';
}

export function labelFor(score: number): SentimentLabel {
  if (score >= LABEL_THRESHOLD) return 'positive';
  if (score <= -LABEL_THRESHOLD) return 'negative';
  return 'neutral';
}

interface Modifiers {
  negations: number;
  intensity: number;
}

const isNegator = (u: Unit): boolean => u.kind === 'neg' || (u.kind === 'term' && u.negates);

/**
 * Intensifiers found between the nearest negator and the term are ignored ("not very good" is read
 * as "not good"); those before the negator ("really not good") or without a negator apply.
 */
function combine(found: Array<{ neg: boolean; mult: number; decay: number; dist: number }>): Modifiers {
  const negs = found.filter((f) => f.neg);
  const nearestNeg = negs.length ? Math.min(...negs.map((f) => f.dist)) : Infinity;
  let intensity = 1;
  for (const f of found) {
    if (f.neg || (negs.length && f.dist < nearestNeg)) continue;
    intensity *= 1 + (f.mult - 1) * f.decay;
  }
  return { negations: negs.length, intensity };
}

/** English: negators and intensifiers up to 3 units back, not across punctuation or "but". */
function enModifiers(units: readonly Unit[], i: number): Modifiers {
  const found: Array<{ neg: boolean; mult: number; decay: number; dist: number }> = [];
  for (let j = i - 1, dist = 1; j >= 0 && dist <= EN_WINDOW; j--, dist++) {
    const u = units[j]!;
    if (u.kind === 'clause' || u.kind === 'end' || u.kind === 'contrast') break;
    if (isNegator(u)) found.push({ neg: true, mult: 1, decay: 1, dist });
    else if (u.kind === 'int') found.push({ neg: false, mult: u.mult, decay: EN_DECAY[dist - 1] ?? 0.9, dist });
  }
  return combine(found);
}

/**
 * Chinese: the negator must be right before the term, though fillers (都, 也, 任何…) and
 * intensifiers may sit between (一点都不麻烦, 不太满意, 很不满意). Post-modifiers (慢死了) intensify,
 * and a clause-final 都没有/也没有 negates ("连个说法都没有").
 */
function zhModifiers(units: readonly Unit[], i: number): Modifiers {
  const found: Array<{ neg: boolean; mult: number; decay: number; dist: number }> = [];
  for (let j = i - 1, dist = 1; j >= 0 && dist <= ZH_CHAIN; j--, dist++) {
    const u = units[j]!;
    if (isNegator(u)) {
      found.push({ neg: true, mult: 1, decay: 1, dist });
      if (u.kind === 'term') break;
    } else if (u.kind === 'int') found.push({ neg: false, mult: u.mult, decay: 1, dist });
    else if (u.kind !== 'filler') break;
  }
  const mods = combine(found);
  const next = units[i + 1];
  if (next?.kind === 'post') mods.intensity *= next.mult;
  if (isClauseFinalNone(units, i + 1)) mods.negations++;
  return mods;
}

/** Sentence ranges; a sentence that starts with a contrast word ("But …") joins the previous one. */
function scopes(units: readonly Unit[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i <= units.length; i++) {
    if (i < units.length && units[i]!.kind !== 'end') continue;
    if (i > start) {
      const first = units.slice(start, i).find((u) => u.kind !== 'clause');
      const prev = out.at(-1);
      if (first?.kind === 'contrast' && prev) prev[1] = i;
      else out.push([start, i]);
    }
    start = i + 1;
  }
  return out;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** In Chinese, 好 right before another term is an intensifier (好慢, 好失望), not "good". */
function zhIntensifyHao(units: Unit[]): void {
  for (let i = 0; i + 1 < units.length; i++) {
    const u = units[i]!;
    if (u.kind === 'term' && u.text === '好' && units[i + 1]!.kind === 'term') units[i] = { kind: 'int', text: '好', mult: 1.3 };
  }
}

const isClauseFinalNone = (units: readonly Unit[], i: number): boolean => {
  const [a, b, c] = [units[i], units[i + 1], units[i + 2]];
  return a?.kind === 'filler' && (a.text === '都' || a.text === '也') && b?.kind === 'neg' && (b.text === '没有' || b.text === '没')
    && (c === undefined || c.kind === 'clause' || c.kind === 'end');
};

/**
 * A clause-final 都没有/也没有 ("not even …", "none at all") negates the term before it; with no
 * term before it, it is itself a mild complaint (一半的商品都没有) and scores −1.
 */
const ZH_DANGLING_NONE = -1;
function zhDanglingNone(units: Unit[]): void {
  for (let i = 0; i < units.length; i++) {
    if (!isClauseFinalNone(units, i)) continue;
    const prev = units[i - 1];
    if (prev?.kind === 'term' || prev?.kind === 'expect') continue;
    units[i + 1] = { kind: 'term', text: (units[i] as { text: string }).text + (units[i + 1] as { text: string }).text, weight: ZH_DANGLING_NONE, caps: false, negates: false };
  }
}

/** Whether ALL-CAPS emphasis applies: some words are in capitals and some are not (VADER). */
function capsDifferential(text: string): boolean {
  const words = text.match(/\p{L}{2,}/gu)?.filter((w) => /\p{Lu}|\p{Ll}/u.test(w)) ?? [];
  const caps = words.filter((w) => w === w.toUpperCase() && w !== w.toLowerCase()).length;
  return caps > 0 && caps < words.length;
}

/**
 * Scores short customer feedback in English or Simplified Chinese. See docs/sentiment.md.
 *
 * raw = Σ weight × intensity × (−0.74 if negated) × clause weight, ± 0.292 per "!" (max 4);
 * score = raw / sqrt(raw² + 15); label by ±0.05.
 */
export function scoreSentiment(text: string, language?: Language): SentimentResult {
  const lang = language ?? detectLanguage(text);
  const units = lang === 'en' ? tokenizeEn(text) : tokenizeZh(text);
  if (lang === 'zh') {
    zhIntensifyHao(units);
    zhDanglingNone(units);
  }
  const caps = lang === 'en' && capsDifferential(text);
  const matched: SentimentMatch[] = [];
  let sum = 0;
  for (const [start, end] of scopes(units)) {
    let lastContrast = -1;
    for (let i = start; i < end; i++) if (units[i]!.kind === 'contrast') lastContrast = i;
    for (let i = start; i < end; i++) {
      const u = units[i]!;
      if (u.kind !== 'term' && u.kind !== 'expect') continue;
      const mods = lang === 'en' ? enModifiers(units, i) : zhModifiers(units, i);
      const negated = mods.negations % 2 === 1;
      if (u.kind === 'expect' && !negated) continue;
      let base = u.weight;
      if (u.kind === 'term' && u.caps && caps) base += Math.sign(base) * CAPS_INCREMENT;
      const clause = lastContrast < 0 ? 1 : i < lastContrast ? CONTRAST_BEFORE : CONTRAST_AFTER;
      const w = base * mods.intensity * (negated ? NEGATION_SCALAR : 1) * clause;
      sum += w;
      matched.push({ term: u.text, weight: round(w, 3), negated, intensity: round(mods.intensity, 3) });
    }
  }
  const bangs = Math.min(normalizeText(text).split('!').length - 1, MAX_EXCLAMATIONS);
  if (sum > 0) sum += bangs * EXCLAMATION_INCREMENT;
  else if (sum < 0) sum -= bangs * EXCLAMATION_INCREMENT;
  const score = round(sum / Math.sqrt(sum * sum + NORMALIZATION_ALPHA), 4);
  return { score, label: labelFor(score), language: lang, matched };
}
