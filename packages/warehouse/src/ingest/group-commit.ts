/**
 * Group commit: while one commit runs, new submissions wait and then go together in the next,
 * so many small requests share one transaction and one fsync.
 */
export class GroupCommitter<I, R> {
  private pending: Array<{ item: I; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly commit: (items: I[]) => Promise<R[]>,
    private readonly maxItems = 1000,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, this.maxItems);
      try {
        const results = await this.commit(group.map((g) => g.item));
        group.forEach((g, i) => g.resolve(results[i]!));
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
    this.running = false;
  }
}
