import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface FileRewrite {
  /** Files rewritten without the lines naming the person. */
  files: number;
  lines: number;
  /** Files that are not line text (a Parquet upload, say) and named the person: removed whole. */
  removed: number;
}

const isText = (b: Buffer) => !b.subarray(0, 8192).includes(0);

/**
 * Every file under `dir` (recursively) whose bytes contain one of `needles`: a text file is
 * rewritten without the lines that contain one (to a sibling, fsync'ed, renamed over it: a crash
 * leaves the old or the new file, never half of one); any other file is removed. Idempotent.
 */
export function rewriteFilesWithout(dir: string, needles: readonly string[], skip: (path: string) => boolean = () => false): FileRewrite {
  const out: FileRewrite = { files: 0, lines: 0, removed: 0 };
  if (!existsSync(dir) || needles.length === 0) return out;
  const bytes = needles.map((n) => Buffer.from(n, 'utf8'));
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && !skip(p) && !p.endsWith('.privacy-rewrite')) rewriteOne(p);
    }
  };
  const rewriteOne = (p: string) => {
    const data = readFileSync(p);
    if (!bytes.some((b) => data.includes(b))) return;
    if (!isText(data)) {
      rmSync(p, { force: true });
      out.removed++;
      return;
    }
    const lines = data.toString('utf8').split(/(?<=\n)/);
    const kept = lines.filter((l) => !needles.some((n) => l.includes(n)));
    const tmp = `${p}.privacy-rewrite`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, kept.join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, p);
    out.files++;
    out.lines += lines.length - kept.length;
  };
  walk(dir);
  return out;
}

/** Remove whole directories under `dir` (one per earlier access export) in which any file names the person. */
export function removeDirsNaming(dir: string, needles: readonly string[]): number {
  if (!existsSync(dir) || needles.length === 0) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!lstatSync(p).isDirectory()) continue;
    const names = (d: string): boolean =>
      readdirSync(d).some((f) => {
        const q = join(d, f);
        const st = lstatSync(q);
        return st.isDirectory() ? names(q) : st.isFile() && needles.some((x) => readFileSync(q).includes(x));
      });
    if (names(p)) {
      rmSync(p, { recursive: true, force: true });
      n++;
    }
  }
  return n;
}
