import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { wellFormedStrings, type NormalizedEvent } from '@trailmap/core';
import { GroupCommitter } from './group-commit.js';
import { encodeEventTail, eventLine } from './log-lines.js';
import type { QuarantineRow } from './quarantine.js';

export { encodeEvent, encodeEventTail } from './log-lines.js';

/** Marker that closes the open segment in write order. */
const SEAL = Symbol('seal');
const SEGMENT = /^segment-(\d{12})\.ndjson$/;
const name = (n: number) => `segment-${String(n).padStart(12, '0')}.ndjson`;

/**
 * The durable collection log: requests append JSON lines, and one write + fdatasync covers every
 * request that arrived meanwhile (group commit). Sealed segments are loaded into the warehouse in
 * bulk and then deleted; a segment left behind by a crash is loaded again at the next open
 * (loading is idempotent: events deduplicate by messageId, quarantine by record).
 */
export class IngestLog {
  private current: { n: number; fh: FileHandle; bytes: number } | null = null;
  private readonly committer = new GroupCommitter<string | typeof SEAL, void>((items) => this.writeAndSync(items), 10_000);
  private next: number;
  private seq = 0;

  /** Closed segments waiting to be loaded, oldest first (never the directory listing: a file
   * being created is not yet `current`). */
  private readonly closed: string[];

  private constructor(readonly dir: string) {
    const existing = readdirSync(dir).filter((f) => SEGMENT.test(f)).sort();
    this.closed = existing.map((f) => join(dir, f));
    this.next = existing.length ? Number(SEGMENT.exec(existing.at(-1)!)![1]) + 1 : 1;
  }

  static open(dir: string): IngestLog {
    mkdirSync(dir, { recursive: true });
    return new IngestLog(dir);
  }

  /** Segments that are closed and not yet loaded, oldest first. */
  sealed(): string[] {
    return [...this.closed];
  }

  /** Append events and quarantined records; resolves once they are on disk (fdatasync). */
  append(events: readonly NormalizedEvent[], quarantine: readonly QuarantineRow[]): Promise<void> {
    return this.appendEncoded(events.map(encodeEventTail), quarantine);
  }

  /** Append events already encoded by `encodeEventTail` (e.g. on a parsing thread), and quarantined records. */
  async appendEncoded(eventTails: readonly string[], quarantine: readonly QuarantineRow[]): Promise<void> {
    if (eventTails.length === 0 && quarantine.length === 0) return;
    // seq orders records so the first copy of a messageId wins; it is assigned here,
    // synchronously, so it follows arrival order.
    let out = '';
    const base = this.seq;
    this.seq += eventTails.length;
    for (let i = 0; i < eventTails.length; i++) out += eventLine(base + i, eventTails[i]!);
    await this.committer.submit(out + this.encodeQuarantine(quarantine));
  }

  private encodeQuarantine(quarantine: readonly QuarantineRow[]): string {
    let out = '';
    // A quarantined record may name a field or id holding a lone surrogate: keep the log well-formed.
    for (const q of quarantine) out += JSON.stringify({ k: 'q', ...q }, wellFormedStrings) + '\n';
    return out;
  }

  /** Write the queued chunks in order (a SEAL closes the segment there), then fdatasync once. */
  private async writeAndSync(items: Array<string | typeof SEAL>): Promise<void[]> {
    let data = '';
    const flush = async () => {
      if (data === '') return;
      if (!this.current) {
        const n = this.next++;
        this.current = { n, fh: await open(join(this.dir, name(n)), 'a'), bytes: 0 };
      }
      await this.current.fh.write(data);
      await this.current.fh.datasync();
      this.current.bytes += Buffer.byteLength(data);
      data = '';
    };
    for (const item of items) {
      if (item !== SEAL) {
        data += item;
        continue;
      }
      await flush();
      const cur = this.current;
      this.current = null;
      if (cur) {
        await cur.fh.close();
        if (cur.bytes === 0) rmSync(join(this.dir, name(cur.n)), { force: true });
        else this.closed.push(join(this.dir, name(cur.n)));
      }
    }
    await flush();
    return items.map(() => undefined);
  }

  /** Bytes in the open segment. */
  get pendingBytes(): number {
    return this.current?.bytes ?? 0;
  }

  /** Close the open segment so it can be loaded; appends arriving later go to a new one. */
  async seal(): Promise<void> {
    await this.committer.submit(SEAL);
  }

  /** Delete a segment once its contents are committed to the warehouse. */
  remove(path: string): void {
    const i = this.closed.indexOf(path);
    if (i >= 0) this.closed.splice(i, 1);
    rmSync(path, { force: true });
  }

  /** Move a segment that cannot be loaded to `failed/` with its error beside it; returns the new path. */
  setAside(path: string, error: string): string {
    const dir = join(this.dir, 'failed');
    mkdirSync(dir, { recursive: true });
    const to = join(dir, basename(path));
    writeFileSync(`${to}.error.txt`, error + '\n');
    renameSync(path, to);
    const i = this.closed.indexOf(path);
    if (i >= 0) this.closed.splice(i, 1);
    return to;
  }

  async close(): Promise<void> {
    await this.seal();
  }
}
