#!/usr/bin/env node
// bench/attribution — attribution models on N generated conversion paths (default 1,000,000;
// 3–8 touches over 12 channels, ~30% converting; generation is not timed). Each model is timed
// end to end from Journey[] (as the CLI and HTTP API call it, label encoding included) and on
// journeys encoded once (what compareModels does); median of --repeat runs.
// Usage: npm run bench:attribution [-- --journeys N --repeat R --channels C --uniform]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  encodeJourneys,
  firstTouchAttribution,
  lastTouchAttribution,
  linearAttribution,
  markovAttribution,
  positionAttribution,
  shapleyAttribution,
  timeDecayAttribution,
  compareModels,
} from '@trailmap/core';
import { generateJourneys } from './generate.mjs';

const { values } = parseArgs({
  options: {
    journeys: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '3' },
    channels: { type: 'string', default: '12' },
    uniform: { type: 'boolean', default: false },
  },
});
const n = Number(values.journeys);
const repeat = Number(values.repeat);
const channels = Number(values.channels);
if (!Number.isInteger(n) || n < 1) throw new Error(`--journeys must be a whole number ≥ 1, got ${values.journeys}`);
if (!Number.isInteger(channels) || channels < 1 || channels > 12) throw new Error(`--channels must be 1 to 12, got ${values.channels}`);

const peakRssMb = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timed(fn) {
  const times = [];
  let out;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    out = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), out };
}

let t0 = performance.now();
const journeys = generateJourneys(n, { channels, uniform: values.uniform });
const touches = journeys.reduce((s, j) => s + j.touches.length, 0);
const converted = journeys.reduce((s, j) => s + (j.converted ? 1 : 0), 0);
const distinct = new Set(journeys.map((j) => j.touches.map((t) => t.label).join('>'))).size;
console.log(
  `bench/attribution: ${n.toLocaleString('en')} journeys, ${touches.toLocaleString('en')} touches, ${channels} channels, ` +
    `${((100 * converted) / n).toFixed(1)}% converting, ${distinct.toLocaleString('en')} distinct paths${values.uniform ? ' (uniform channels)' : ''}; ` +
    `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`,
);

const encode = timed(() => encodeJourneys(journeys));
const enc = encode.out;
const models = [
  ['first', (x) => firstTouchAttribution(x)],
  ['last', (x) => lastTouchAttribution(x)],
  ['linear', (x) => linearAttribution(x)],
  ['timeDecay', (x) => timeDecayAttribution(x, { halfLife: '7d' })],
  ['position', (x) => positionAttribution(x)],
  ['markov1', (x) => markovAttribution(x, { order: 1 })],
  ['markov3', (x) => markovAttribution(x, { order: 3 })],
  ['shapleyExact', (x) => shapleyAttribution(x, { method: 'exact' })],
];
const result = { journeys: n, touches, distinctPaths: distinct, encodeSeconds: +encode.seconds.toFixed(3) };
const rows = [['encode labels', encode.seconds.toFixed(3), '', Math.round(n / encode.seconds).toLocaleString('en'), '', '']];
for (const [name, fn] of models) {
  const full = timed(() => fn(journeys));
  const model = timed(() => fn(enc));
  const extra = name.startsWith('markov') ? `${model.out.states} states, P(conv) ${model.out.conversionProbability.toFixed(4)}` : name === 'shapleyExact' ? `${model.out.players} players, ${model.out.method}` : '';
  result[name] = { seconds: +full.seconds.toFixed(3), journeysPerSecond: Math.round(n / full.seconds), modelOnlySeconds: +model.seconds.toFixed(3) };
  rows.push([name, full.seconds.toFixed(3), model.seconds.toFixed(3), Math.round(n / full.seconds).toLocaleString('en'), full.seconds < 5 ? 'yes' : 'NO', extra]);
}
const all = timed(() => compareModels(journeys, { markovOrder: 3 }));
result.compareModels = { seconds: +all.seconds.toFixed(3), journeysPerSecond: Math.round(n / all.seconds) };
rows.push(['compareModels (all, Markov 3)', all.seconds.toFixed(3), '', Math.round(n / all.seconds).toLocaleString('en'), '', '']);
result.peakRssMb = peakRssMb();
result.under5s = models.every(([name]) => result[name].seconds < 5);

const head = ['model', 'seconds', 'pre-encoded s', 'journeys/s', '< 5 s', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
console.log('\n' + [head, ...rows].map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n'));
console.log(`\nmedian of ${repeat} runs; "seconds" from Journey[] (label encoding included), "pre-encoded s" on encodeJourneys() output; peak RSS ${result.peakRssMb} MB (generated journeys included)`);
console.log(`RESULT ${JSON.stringify(result)}`);
