import { personaDefinitionSchema, type PersonaResult } from '@trailmap/core';
import { runPersonas } from '@trailmap/warehouse';
import { intFlag, parseDefinition, pct } from '../analysis-flags.js';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';
import { renderTable } from '../output/table.js';

const FLAG_OF: Record<string, string> = { asOf: '--as-of', seed: '--seed', kMin: '--k', kMax: '--k', purchase: '--purchase', value: '--value', mix: '--mix', restarts: '--restarts' };

/** --k as "2..8" (a range) or "3" (one k). */
export function kRange(v: string | undefined): { kMin?: number; kMax?: number } {
  if (v === undefined) return {};
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(v);
  if (!m) throw new UsageError(`--k: expected a range such as 2..8 or one k such as 3, got ${JSON.stringify(v)}`);
  const kMin = Number(m[1]);
  const kMax = m[2] === undefined ? kMin : Number(m[2]);
  if (kMin > kMax) throw new UsageError(`--k: the range's start exceeds its end (${v})`);
  return { kMin, kMax };
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const signed = (z: number) => `${z >= 0 ? '+' : ''}${z.toFixed(2)}`;

/** The clusters in words, the silhouette per k, and what was left out. */
export function renderPersonas(r: PersonaResult): string {
  if (r.k === null) return `No personas as of ${r.asOf ?? '-'} (${r.people.toLocaleString('en-US')} people): ${r.note}.`;
  const best = r.byK.find((b) => b.k === r.k)!;
  const how = r.silhouette.exact ? 'every person' : `a seeded sample of ${r.silhouette.sampled.toLocaleString('en-US')} people`;
  const lines = [
    `Personas as of ${r.asOf}: ${r.people.toLocaleString('en-US')} people, ${r.features.length} features, k = ${r.k} (best silhouette ${best.silhouette.toFixed(3)}, on ${how}).`,
    '',
    renderTable(
      r.byK.map((b) => ({ k: String(b.k) + (b.k === r.k ? ' *' : ''), silhouette: Number.isFinite(b.silhouette) ? b.silhouette.toFixed(3) : 'n/a', inertia: b.inertia.toFixed(1) })),
      [['k', 'K'], ['silhouette', 'SILHOUETTE'], ['inertia', 'INERTIA (z-space)']],
    ),
  ];
  for (const c of r.clusters) {
    lines.push('', `Cluster ${c.cluster}: ${c.name.en} / ${c.name.zh} — ${c.size.toLocaleString('en-US')} people (${pct(c.share)})`, `  ${c.description.en}  ${c.description.zh}`);
    const top = c.traits.length ? c.traits : [];
    for (const t of top) lines.push(`  ${t.feature.padEnd(24)} ${fmt(c.centroid[t.feature]!).padStart(8)}  (z ${signed(t.z)})`);
  }
  lines.push('', `Features: ${r.features.map((f) => f.name).join(', ')}.`);
  if (r.dropped.length) lines.push(`Dropped (the same for everyone): ${r.dropped.join(', ')}.`);
  if (r.sentimentImputed) lines.push(`Sentiment: ${r.sentimentImputed.toLocaleString('en-US')} people without a rating got the mean rating.`);
  return lines.join('\n');
}

export const personasCommand: Command = {
  name: 'personas',
  summary: 'personas by clustering: k-means on behavioural features, k chosen by silhouette',
  help: `Usage: trailmap personas [--k 2..8] [--seed N] [--as-of YYYY-MM-DD]
                        [--purchase "Order Completed"] [--value revenue]
                        [--mix channel|stage|touchpoint] [--restarts 10]
                        [--data DIR] [--json]

One row of features per person from the events up to and including --as-of
(default: the latest event's day): events (frequency), whole days since the
last event (recency), the sum of --value over --purchase events (value), the
share of the person's events per channel (or journey stage or touchpoint,
--mix), the share per value of the "category" property among the events that
carry one, and the mean "rating" of "Review Posted" events (sentiment; people
without one get the mean rating; left out when nobody has one). Each feature
is standardised (z-scores); features the same for everyone are dropped and
named. For each k in --k (a range such as 2..8, or one k), k-means with
k-means++ seeding runs --restarts times from --seed and keeps the lowest
inertia; k is the one with the best mean silhouette (the smaller k on a tie;
k at most people - 1; exact up to 3,000 people, else on a seeded sample of
3,000). Each cluster is named in English and
Chinese from its up to 3 features furthest from the average (at least 0.5
standard deviations), with its size and those features' means.
--json prints the whole answer, with every person's cluster.
See docs/customers.md.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...COMMON_OPTIONS,
      k: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      purchase: { type: 'string' },
      value: { type: 'string' },
      mix: { type: 'string' },
      restarts: { type: 'string' },
    });
    const def = parseDefinition(
      personaDefinitionSchema,
      { ...kRange(values.k), seed: intFlag('seed', values.seed), asOf: values['as-of'], purchase: values.purchase, value: values.value, mix: values.mix, restarts: intFlag('restarts', values.restarts) },
      FLAG_OF,
    );
    const { store } = await openStore(io, values);
    try {
      const result = await runPersonas(await store.readSession(), def);
      io.out(values.json ? JSON.stringify(result, null, 2) : renderPersonas(result));
    } finally {
      await store.close();
    }
    return 0;
  },
};
