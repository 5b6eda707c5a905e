import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ImportError } from './import-error.js';

/** What one pass over the bytes tells an import before DuckDB reads the file. */
export interface FileScan {
  /** SHA-1 of the bytes: names the file in the `imports` log (it protects nothing, so speed wins). */
  hash: string;
  bytes: number;
  /** Physical lines (a last line without a newline counts); counted only with `blankLines`. */
  lines: number;
  /** 'mixed' when some lines end in CRLF and others in LF: DuckDB's CSV reader needs one kind. */
  lineEndings: 'lf' | 'crlf' | 'mixed';
  /** CR bytes not followed by LF: DuckDB's strict reader stops at them, so they are swapped before it reads. */
  loneCr: number;
  /** Whether any LF occurs (a file of several lines without one ends them with CR only). */
  hasLf: boolean;
  /** Whether the bytes EF BF BF (U+FFFF, the stand-in for a lone CR in CSV) occur. */
  hasFffF: boolean;
  /** Numbers of the empty lines ('' or a lone CR), when asked for. */
  blankLines: number[];
  /** The first line, without BOM and line ending (at most 1 MiB). */
  firstLine: string;
  /** First byte that is not whitespace (or a BOM), e.g. '[' for a JSON array. */
  firstChar: string;
}

const LF = 0x0a;
const CR = 0x0d;
const CRLF = Buffer.from('\r\n');
/** U+FFFF stands in for a lone CR in a CSV copy; the reader turns it back into CR in every cell. */
export const LONE_CR_STAND_IN = Buffer.from('\uffff');
const FIRST_LINE_MAX = 1 << 20;

/**
 * Hash the file and count its lines in one streaming pass (no row is parsed here; DuckDB does
 * that). Missing, unreadable and empty files are ImportErrors naming the path.
 */
export async function scanFile(path: string, opts: { blankLines: boolean; onBytes?: (bytesDone: number) => void }): Promise<FileScan> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${(e as Error).message})`, path);
  }
  if (info.isDirectory()) throw new ImportError(`${path}: is a directory, not a file`, path);
  if (info.size === 0) throw new ImportError(`${path}: the file is empty`, path);

  const hash = createHash('sha1');
  let lf = 0;
  let crlf = 0;
  let bareLf = false;
  let line = 1;
  let lineLength = 0;
  let lineStartsWithCr = false;
  let prevByte = -1;
  let loneCr = 0;
  let hasFffF = false;
  const blankLines: number[] = [];
  const head: Buffer[] = [];
  let headBytes = 0;
  let headDone = false;
  let done = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      done += chunk.length;
      opts.onBytes?.(done);
      if (prevByte === CR && chunk[0] !== LF) loneCr++;
      for (let i = chunk.indexOf(CR); i !== -1 && i + 1 < chunk.length; i = chunk.indexOf(CR, i + 1)) if (chunk[i + 1] !== LF) loneCr++;
      if (!hasFffF && chunk.indexOf(LONE_CR_STAND_IN) !== -1) hasFffF = true;
      if (!headDone) {
        const nl = chunk.indexOf(LF);
        const take = nl >= 0 ? nl : chunk.length;
        head.push(chunk.subarray(0, Math.min(take, FIRST_LINE_MAX - headBytes)));
        headBytes += take;
        headDone = nl >= 0 || headBytes >= FIRST_LINE_MAX;
      }
      if (!opts.blankLines && chunk.indexOf(CRLF) === -1 && !(prevByte === CR && chunk[0] === LF)) {
        // No CRLF here: every LF is bare, and line details are not wanted; skip the per-line walk.
        if (chunk.indexOf(LF) !== -1) bareLf = true;
        prevByte = chunk[chunk.length - 1]!;
        continue;
      }
      let from = 0;
      for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
        const before = i > 0 ? chunk[i - 1]! : prevByte;
        if (before === CR) crlf++;
        else bareLf = true;
        lf++;
        const length = lineLength + (i - from);
        if (opts.blankLines && (length === 0 || (length === 1 && (i > from ? chunk[from] === CR : lineStartsWithCr)))) blankLines.push(line);
        line++;
        from = i + 1;
        lineLength = 0;
        lineStartsWithCr = false;
      }
      if (from < chunk.length) {
        if (lineLength === 0) lineStartsWithCr = chunk[from] === CR;
        lineLength += chunk.length - from;
      }
      prevByte = chunk[chunk.length - 1]!;
    }
  } catch (e) {
    throw new ImportError(`${path}: cannot read it (${(e as Error).message})`, path);
  }
  if (prevByte === CR) loneCr++;
  let firstLine = Buffer.concat(head).toString('utf8');
  if (firstLine.charCodeAt(0) === 0xfeff) firstLine = firstLine.slice(1);
  if (firstLine.endsWith('\r')) firstLine = firstLine.slice(0, -1);
  const firstChar = (firstLine.match(/\S/) ?? [''])[0]!;
  return {
    hash: hash.digest('hex'),
    bytes: info.size,
    lines: lf + (prevByte === LF ? 0 : 1),
    lineEndings: crlf === 0 ? 'lf' : bareLf ? 'mixed' : 'crlf',
    loneCr,
    hasLf: crlf > 0 || bareLf,
    hasFffF,
    blankLines,
    firstLine,
    firstChar,
  };
}

export interface CopyOptions {
  /** Turn CR LF into LF (mixed line endings). */
  lf: boolean;
  /** CSV: a CR LF inside a quoted value is part of the value and is kept (needs `lf`). */
  quote?: string;
  /** Bytes written for each CR not followed by LF. */
  loneCr?: Buffer;
}

/**
 * Copy a text file into a form DuckDB's strict readers take, line numbers unchanged: CR LF
 * endings turned into LF for mixed files, and lone CRs replaced. With `quote` (CSV) the quote
 * state flips at every quote byte (a doubled "" flips twice), as a CSV reader reads it, and a CR LF
 * inside quotes is kept.
 */
export async function copyLineEndings(from: string, to: string, opts: CopyOptions): Promise<void> {
  const quote = opts.quote === undefined ? -1 : opts.quote.charCodeAt(0);
  const lone = opts.loneCr ?? Buffer.from([CR]);
  const loneText = lone.toString('latin1');
  let pendingCr = false;
  let crQuoted = false;
  let quoted = false;
  const fix = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (quote < 0) {
        // No quoting: one pass of replacements over the chunk (a CR at its end waits for the next byte).
        let text = (pendingCr ? '\r' : '') + chunk.toString('latin1');
        pendingCr = text.endsWith('\r');
        if (pendingCr) text = text.slice(0, -1);
        // Lone CRs first: in CR CR LF, dropping the CR LF's CR first would leave a new CR LF behind.
        text = text.replace(/\r(?!\n)/g, loneText);
        if (opts.lf) text = text.replace(/\r\n/g, '\n');
        done(null, Buffer.from(text, 'latin1'));
        return;
      }
      const out = Buffer.allocUnsafe(chunk.length * lone.length + 2);
      let n = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (pendingCr) {
          pendingCr = false;
          if (b !== LF) n += lone.copy(out, n);
          else if (!opts.lf || crQuoted) out[n++] = CR;
        }
        if (b === quote) quoted = !quoted;
        else if (b === CR) {
          pendingCr = true;
          crQuoted = quoted;
          continue;
        }
        out[n++] = b;
      }
      done(null, out.subarray(0, n));
    },
    flush(done) {
      done(null, pendingCr ? lone : null);
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), fix, createWriteStream(to));
}
