import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every regular file under `dir` whose bytes contain one of `needles`: `{ file, needle }` per hit (paths relative to dir). */
export function filesContaining(dir: string, needles: readonly string[]): Array<{ file: string; needle: string }> {
  const hits: Array<{ file: string; needle: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const data = readFileSync(p);
        for (const n of needles) if (data.includes(Buffer.from(n, 'utf8'))) hits.push({ file: relative(dir, p), needle: n });
      }
    }
  };
  walk(dir);
  return hits;
}

/** How many regular files are under dir (to show the search covered the engine's files). */
export function fileCount(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const st = lstatSync(join(d, name));
      if (st.isDirectory()) walk(join(d, name));
      else if (st.isFile()) n++;
    }
  };
  walk(dir);
  return n;
}
