import type { RfmResult } from '@trailmap/core';
import { scoreColor } from './charts.js';
import { esc, num, pct, table } from './html.js';

const groupName = (g: string) => g.replace(/_/g, ' ');

/**
 * The report's customers section: the RFM grid (recency score down, frequency-and-monetary
 * score across; each cell its people, mean value and named group, shaded by its share of the
 * customers) and the named groups with their counts, shares and mean value.
 */
export function customersSection(rfm: RfmResult, money: (x: number) => string): string {
  if (rfm.customers === 0) return `<p class="empty">No "${esc(rfm.purchase)}" events, so there are no customers to score.</p>`;
  const largest = Math.max(...rfm.grid.map((c) => c.count), 1);
  const rows = [5, 4, 3, 2, 1]
    .map((r) => {
      const cells = [1, 2, 3, 4, 5].map((fm) => {
        const c = rfm.grid.find((x) => x.r === r && x.fm === fm)!;
        // Shade from white (empty) to green (the fullest cell).
        const shade = scoreColor(c.count / largest);
        const mean = c.count ? money(c.monetary / c.count) : '—';
        return `<td class="rfm-cell" style="background:${shade}"><b>${num(c.count)}</b><br><span class="muted">${esc(mean)} · ${esc(groupName(c.group))}</span></td>`;
      });
      return `<tr><th>R ${r}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const grid = `<table class="grid rfm-grid"><tr><th></th>${[1, 2, 3, 4, 5].map((fm) => `<th>FM ${fm}</th>`).join('')}</tr>${rows}</table>`;
  const groups = table(
    rfm.groups.filter((g) => g.count > 0),
    [
      ['group', (g) => esc(groupName(g.group))],
      ['customers', (g) => num(g.count)],
      ['share', (g) => pct(g.share)],
      ['mean value', (g) => esc(g.count ? money(g.monetary / g.count) : '—')],
    ],
  );
  return `<p>${num(rfm.customers)} customers with a "${esc(rfm.purchase)}" up to ${esc(rfm.asOf ?? '—')}, scored 1–5 by quintile on recency, frequency and the sum of "${esc(rfm.value)}".</p>
    ${grid}<p class="muted">Cells: customers, mean value per customer, named group. FM is the mean of the frequency and monetary scores, rounded up.</p>
    <h3>Named groups</h3>${groups}`;
}
