/** The steps of an import, in order: hash and scan the bytes, read the file, validate every row, commit. */
export type ImportPhase = 'scan' | 'read' | 'check' | 'commit';

/** Where an import is, for a progress display (`trailmap ingest` draws one on a terminal). */
export interface ImportProgress {
  phase: ImportPhase;
  /** This phase's place among the import's phases (1-based) and how many there are (Parquet has no read step). */
  step: number;
  steps: number;
  /** How far the phase is, 0–1, when known: exact while scanning; after, the engine's estimate for its running statement (a phase may run several). */
  fraction: number | null;
  /** The file's size, and how much of it this phase has been through (scan, read, check). */
  bytes: number;
  bytesDone: number | null;
  /** Rows in the file, once the validating pass has counted them (during the commit). */
  rows: number | null;
  /** Since the import started, and since this phase started. */
  elapsedMs: number;
  phaseMs: number;
}

const POLL_MS = 100;

/**
 * Reports an import's progress: at each phase change and, while the engine runs a statement,
 * every 100 ms with the engine's estimate (`writerProgress`). Without a listener it does nothing.
 */
export class ProgressTracker {
  private readonly t0 = performance.now();
  private phaseStart = this.t0;
  private phase: ImportPhase = 'scan';
  private timer: NodeJS.Timeout | null = null;
  private scanned = 0;
  private rows: number | null = null;
  private fraction: number | null = 0;

  constructor(
    private readonly listener: ((p: ImportProgress) => void) | undefined,
    private readonly bytes: number,
    private readonly phases: readonly ImportPhase[],
    private readonly engineProgress: (phase: ImportPhase) => number | null,
  ) {}

  /** Bytes hashed and scanned so far. */
  scan(bytesDone: number): void {
    this.scanned = bytesDone;
    this.emit(this.bytes > 0 ? bytesDone / this.bytes : null);
  }

  /** A new phase starts; after the scan, the engine's estimate is polled until `stop`. */
  enter(phase: ImportPhase): void {
    if (!this.listener) return;
    this.phase = phase;
    this.phaseStart = performance.now();
    this.fraction = 0;
    this.emit(0);
    if (!this.timer) {
      // Between statements (and in JavaScript steps) the last estimate stands; the clock still moves.
      this.timer = setInterval(() => {
        const pct = this.engineProgress(this.phase);
        if (pct !== null) this.fraction = Math.min(1, Math.max(0, pct / 100));
        this.emit(this.fraction);
      }, POLL_MS);
      this.timer.unref();
    }
  }

  /** The validating pass counted the file's rows. */
  counted(rows: number): void {
    this.rows = rows;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private emit(fraction: number | null): void {
    if (!this.listener) return;
    const now = performance.now();
    const phase = this.phase;
    const byBytes = phase === 'scan' ? this.scanned : fraction === null ? null : Math.round(fraction * this.bytes);
    this.listener({
      phase,
      step: this.phases.indexOf(phase) + 1,
      steps: this.phases.length,
      fraction,
      bytes: this.bytes,
      bytesDone: phase === 'commit' ? null : byBytes,
      rows: this.rows,
      elapsedMs: now - this.t0,
      phaseMs: now - this.phaseStart,
    });
  }
}
