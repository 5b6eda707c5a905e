import type { PersonaFeature } from './persona.schema.js';

/** A feature with |z| below this does not distinguish a cluster. */
export const TRAIT_MIN_Z = 0.5;
/** At most this many traits describe a cluster. */
export const TRAIT_MAX = 3;

/**
 * The words for a feature far above (z > 0) or below (z < 0) the population mean, in English and
 * Chinese. A share (mix, category) above the mean is "mostly" when the cluster's mean share is at
 * least one half, else "more".
 */
export function traitWords(f: PersonaFeature, z: number, mean = 0): { en: string; zh: string } {
  const high = z > 0;
  switch (f.kind) {
    case 'frequency':
      return high ? { en: 'frequent', zh: '高频' } : { en: 'infrequent', zh: '低频' };
    case 'recency':
      return high ? { en: 'lapsed', zh: '久未活跃' } : { en: 'recently active', zh: '近期活跃' };
    case 'value':
      return high ? { en: 'high-value', zh: '高消费' } : { en: 'low-value', zh: '低消费' };
    case 'mix':
      if (!high) return { en: `less ${f.of}`, zh: `较少${f.of}` };
      return mean >= 0.5 ? { en: `mostly ${f.of}`, zh: `主要${f.of}` } : { en: `more ${f.of}`, zh: `较多${f.of}` };
    case 'category':
      if (!high) return { en: `less ${f.of}`, zh: `较少${f.of}` };
      return mean >= 0.5 ? { en: `mostly ${f.of}`, zh: `主要买${f.of}` } : { en: `more ${f.of}`, zh: `较多买${f.of}` };
    case 'sentiment':
      return high ? { en: 'satisfied', zh: '满意' } : { en: 'dissatisfied', zh: '不满意' };
  }
}

/**
 * A cluster's distinguishing traits: the features with the largest |standardised centroid|
 * (at least TRAIT_MIN_Z, at most TRAIT_MAX; `means` are the cluster's means in original units), and a display name (the first two) and a sentence.
 * A cluster with none is "typical" (一般).
 */
export function describeCluster(features: readonly PersonaFeature[], z: readonly number[], means: readonly number[] = []) {
  const order = features.map((f, j) => ({ f, z: z[j]!, mean: means[j] ?? 0 })).filter((t) => Math.abs(t.z) >= TRAIT_MIN_Z);
  order.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || (a.f.name < b.f.name ? -1 : 1));
  const traits = order.slice(0, TRAIT_MAX).map((t) => ({ feature: t.f.name, z: t.z, ...traitWords(t.f, t.z, t.mean) }));
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  if (!traits.length) return { traits, name: { en: 'Typical', zh: '一般' }, description: { en: 'Close to the average on every feature.', zh: '各项特征接近平均。' } };
  const name = { en: cap(traits.slice(0, 2).map((t) => t.en).join(', ')), zh: traits.slice(0, 2).map((t) => t.zh).join('、') };
  const description = { en: `${cap(traits.map((t) => t.en).join(', '))}.`, zh: `${traits.map((t) => t.zh).join('、')}。` };
  return { traits, name, description };
}
