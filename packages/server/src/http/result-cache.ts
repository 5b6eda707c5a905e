/**
 * Answers of the read-only analyses, kept while the data they read is unchanged: an answer is
 * computed once per (route, validated request, data version) and served again until the store's
 * data version moves (a collection log load, an import, a re-classification). Requests that arrive
 * while the same answer is being computed wait for that computation instead of starting their own.
 * A failed computation is not kept. Where other processes may write the same warehouse (a
 * ClickHouse server), this process cannot see their writes, so an answer is also dropped after
 * `ttlMs`.
 */
export interface ResultCacheOptions {
  /** Most answers kept; the least recently used goes first (default 32). */
  maxEntries?: number;
  /** Drop an answer this long after it was computed (default: never; see above). */
  ttlMs?: number | null;
  now?: () => number;
}

interface Entry {
  version: number;
  at: number;
  value: Promise<unknown>;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number | null;
  private readonly now: () => number;
  /** Answers served from the cache and computed, since the start. */
  readonly counts = { hits: 0, misses: 0 };

  constructor(opts: ResultCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 32;
    this.ttlMs = opts.ttlMs ?? null;
    this.now = opts.now ?? Date.now;
  }

  /** The answer for `key` at data `version`: the kept one, or `compute()`'s (then kept). */
  get<T>(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      if (hit.version === version && (this.ttlMs === null || now - hit.at < this.ttlMs)) {
        this.entries.set(key, hit); // now the most recently used
        this.counts.hits++;
        return hit.value as Promise<T>;
      }
    }
    this.counts.misses++;
    const value = compute();
    const entry: Entry = { version, at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Drop every kept answer (a scoring run changed the scores that segment conditions read, without a new data version). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache for `store`: on a ClickHouse server other processes may write, so answers there also expire after 30 s. */
export const resultCacheFor = (store: { shared: boolean }): ResultCache => new ResultCache({ ttlMs: store.shared ? 30_000 : null });

/** JSON with object keys in sorted order: the same request written in another key order is the same key. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
