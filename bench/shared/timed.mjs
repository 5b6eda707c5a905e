import { readFileSync, writeFileSync } from 'node:fs';

const peakRssMb = () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);

/** One warm-up run of `fn`, then the median seconds of `repeat` runs and the peak memory during them. */
export async function timed(repeat, fn) {
  await fn();
  writeFileSync('/proc/self/clear_refs', '5');
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { seconds: sorted[Math.floor(sorted.length / 2)], runs: times.map((t) => +t.toFixed(3)), peakRssMb: peakRssMb() };
}
