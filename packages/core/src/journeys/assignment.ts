/**
 * A uniform number in [0, 1) from a text, the same in every process and on every platform: the
 * 53-bit mix of two 32-bit multiplicative hashes over the UTF-16 code units (the cyrb53 scheme).
 */
export function unitHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53; // 21 + 32 bits
}

/**
 * The variant a unit (a person) gets in an experiment: sticky (a pure function of the key and the
 * unit) and weighted. `weights` are percentages or any non-negative numbers; order matters.
 */
export function assignVariant<T extends { id: string; weight: number }>(experiment: string, unit: string, variants: readonly T[]): T {
  const total = variants.reduce((a, v) => a + v.weight, 0);
  const u = unitHash(`${experiment}\u0000${unit}`) * total;
  let acc = 0;
  for (const v of variants) {
    acc += v.weight;
    if (u < acc) return v;
  }
  return variants.at(-1)!;
}
