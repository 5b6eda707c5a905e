import type { ImportPhase, ImportProgress } from '@trailmap/warehouse';

/** A terminal to draw on: stderr when it is a TTY (nothing is drawn otherwise). */
export interface ProgressSink {
  write(text: string): unknown;
  /** Width in characters (80 when the terminal does not say). */
  columns?: number | undefined;
  /** Draw only once this long has passed (1000 ms: a quick import prints nothing extra). */
  delayMs?: number | undefined;
}

const PHASE_LABEL: Record<ImportPhase, string> = { scan: 'scanning', read: 'reading', check: 'checking', commit: 'committing' };
const BAR = 20;
/** At most this often (a redraw per poll would flicker on slow terminals). */
const FRAME_MS = 100;

const mb = (n: number) => (n / 1e6).toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** One progress line for an import: phase, bar, bytes or rows done, rate, time. */
export function progressText(name: string, p: ImportProgress): string {
  const parts = [`${name}: ${p.step}/${p.steps} ${PHASE_LABEL[p.phase]}`];
  if (p.fraction !== null) {
    const filled = Math.round(p.fraction * BAR);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(p.fraction * 100)).padStart(3)}%`);
  }
  const seconds = Math.max(p.elapsedMs, 1) / 1000;
  if (p.phase === 'commit' && p.rows !== null) {
    parts.push(`${int(p.rows)} rows`, `${int(p.rows / seconds)} rows/s so far`);
  } else if (p.bytesDone !== null) {
    parts.push(`${mb(p.bytesDone)} of ${mb(p.bytes)} MB`, `${mb(p.bytesDone / (Math.max(p.phaseMs, 1) / 1000))} MB/s`);
  }
  parts.push(clock(p.elapsedMs));
  return parts.join('  ');
}

/**
 * Draws import progress on a terminal line, rewritten in place ('\r'), once the import has run
 * longer than the sink's delay; `finish` clears it so the report that follows starts clean.
 */
export function progressLine(sink: ProgressSink, name: string, now: () => number = Date.now) {
  const start = now();
  const delay = sink.delayMs ?? 1000;
  let drawn = false;
  let last = -Infinity;
  let width = 0;
  return {
    update(p: ImportProgress): void {
      const t = now();
      if (t - start < delay || t - last < FRAME_MS) return;
      last = t;
      const columns = Math.max(20, (sink.columns || 80) - 1);
      let text = progressText(name, p);
      if (text.length > columns) text = text.slice(0, columns - 1) + '…';
      sink.write(`\r${text.padEnd(width)}`);
      width = text.length;
      drawn = true;
    },
    finish(): void {
      if (drawn) sink.write(`\r${' '.repeat(width)}\r`);
      drawn = false;
    },
  };
}
