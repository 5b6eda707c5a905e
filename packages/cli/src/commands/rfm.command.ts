import { RFM_GRID, rfmDefinitionSchema, type RfmGroup, type RfmResult } from '@trailmap/core';
import { runRfm } from '@trailmap/warehouse';
import { parseDefinition, pct } from '../analysis-flags.js';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore } from '../context.js';
import { renderTable } from '../output/table.js';

const FLAG_OF: Record<string, string> = { purchase: '--purchase', value: '--value', asOf: '--as-of' };

/** "champions" → "Champions", "cant_lose_them" → "Can't lose them". */
export const rfmGroupName = (g: RfmGroup): string => {
  const text = g === 'cant_lose_them' ? "can't lose them" : g.replace(/_/g, ' ');
  return text[0]!.toUpperCase() + text.slice(1);
};

const money = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });

function render(r: RfmResult): string {
  if (r.customers === 0) return `No ${JSON.stringify(r.purchase)} events${r.asOf ? ` up to ${r.asOf}` : ''}: nobody to score.`;
  const lines = [
    `RFM over ${JSON.stringify(r.purchase)} events and their ${JSON.stringify(r.value)}, as of ${r.asOf}: ${r.customers.toLocaleString('en-US')} customers.`,
    'Scores 1-5 are quintiles (5 = most recent, most frequent, most spent; ties share a score); FM = ceil((F + M) / 2).',
    '',
    renderTable(
      r.groups.map((g) => ({ group: rfmGroupName(g.group), count: g.count.toLocaleString('en-US'), share: pct(g.share), monetary: money(g.monetary) })),
      [['group', 'GROUP'], ['count', 'CUSTOMERS'], ['share', 'SHARE'], ['monetary', `SUM OF ${r.value.toUpperCase()}`]],
    ),
    '',
    'Customers per cell (rows R 5 to 1, columns FM 1 to 5):',
  ];
  const width = Math.max(...r.grid.map((c) => String(c.count).length), 4);
  lines.push(`      ${[1, 2, 3, 4, 5].map((fm) => `FM${fm}`.padStart(width)).join(' ')}`);
  for (let rs = 5; rs >= 1; rs--) {
    const cells = r.grid.filter((c) => c.r === rs).sort((a, b) => a.fm - b.fm);
    lines.push(`  R${rs}  ${cells.map((c) => String(c.count).padStart(width)).join(' ')}`);
  }
  return lines.join('\n');
}

const GRID_TEXT = RFM_GRID.map((row, i) => `  R${5 - i}: ${row.map(rfmGroupName).join(' | ')}`).join('\n');

export const rfmCommand: Command = {
  name: 'rfm',
  summary: 'recency, frequency and monetary scores, the named customer groups and the 5x5 grid',
  help: `Usage: trailmap rfm [--purchase "Order Completed"] [--value revenue] [--as-of YYYY-MM-DD]
                   [--people] [--data DIR] [--json]

Over every --purchase event (default "Order Completed") up to and including the
--as-of day (UTC; default: the day of the latest purchase), each customer's
recency (whole days from their last purchase day to the as-of day), frequency
(number of purchases) and monetary value (sum of the --value property; missing
or non-numeric counts 0) are scored 1-5 by quintiles (5 is best; equal values
share the tie group's lowest score). The group comes from R and FM =
ceil((F + M) / 2) on this grid (columns FM 1 to 5):
${GRID_TEXT}

Prints the customers per group and per grid cell; --people adds every customer's
scores to --json.

Options:
  --purchase EVENT   the purchase event (track event name)
  --value PROP       the property holding the purchase's value
  --as-of DAY        purchases up to and including this day
  --people           with --json: every customer's R, F, M, scores and group
  --data DIR         data directory (default ./data or TRAILMAP_DATA_DIR)
  --json             the answer as JSON`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, purchase: { type: 'string' }, value: { type: 'string' }, 'as-of': { type: 'string' }, people: { type: 'boolean', default: false } });
    const def = parseDefinition(rfmDefinitionSchema, { purchase: values.purchase, value: values.value, asOf: values['as-of'] }, FLAG_OF);
    const { store } = await openStore(io, values);
    try {
      const result = await runRfm(await store.readSession(), def, { people: values.people });
      io.out(values.json ? JSON.stringify(result, null, 2) : render(result));
    } finally {
      await store.close();
    }
    return 0;
  },
};
