/**
 * Admin sign-in guessing, slowed: after `perName` failures for one name from one address, or
 * `perAddress` failures from one address (any names), within `windowMs`, further attempts are
 * refused until the oldest failure leaves the window. A success clears that name's failures from
 * that address. In memory, per process: a restart forgets, and the scrypt cost of each attempt
 * still stands.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly opts: { perName: number; perAddress: number; windowMs: number } = { perName: 5, perAddress: 20, windowMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.opts.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** null: the attempt may go on; else the seconds until it may. */
  retryAfterS(address: string, name: string): number | null {
    const byName = this.recent(`n|${address}|${name}`);
    const byAddress = this.recent(`a|${address}`);
    const over = [byName.length >= this.opts.perName ? byName : null, byAddress.length >= this.opts.perAddress ? byAddress : null].filter((x): x is number[] => x !== null);
    if (over.length === 0) return null;
    const until = Math.max(...over.map((f) => f[f.length - (f === byName ? this.opts.perName : this.opts.perAddress)]! + this.opts.windowMs));
    return Math.max(1, Math.ceil((until - this.now()) / 1000));
  }

  failed(address: string, name: string): void {
    const t = this.now();
    for (const key of [`n|${address}|${name}`, `a|${address}`]) this.failures.set(key, [...this.recent(key), t]);
  }

  succeeded(address: string, name: string): void {
    this.failures.delete(`n|${address}|${name}`);
  }
}
