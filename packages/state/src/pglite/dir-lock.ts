import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** A process that still runs (signal 0 only checks; EPERM means it runs as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process at a time on an embedded store: PGlite runs PostgreSQL in single-user mode and
 * takes no lock of its own, so two processes on one directory would corrupt it. The lock file
 * holds the owner's pid; a file left by a process that died (kill -9) is taken over.
 */
export function lockDirectory(lockFile: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new Error(
          `${what} is open in ${pid === process.pid ? 'this process already' : 'another process'} (pid ${pid}, lock ${lockFile}). Stop that process first, or share state between processes with TRAILMAP_STATE=postgres://… (see docs/state.md).`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${lockFile}`);
}
