/** Escape text for HTML content and attribute values. Everything from data passes through here. */
export const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

/** A table from rows: columns are [header, cell renderer returning HTML]. */
export function table<T>(rows: readonly T[], columns: ReadonlyArray<readonly [string, (r: T) => string]>, cls = ''): string {
  if (rows.length === 0) return '<p class="empty">No data for this view.</p>';
  return `<table class="${cls}"><thead><tr>${columns.map(([h]) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${columns.map(([, f]) => `<td>${f(r)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `
:root{--ink:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7fa;--accent:#2f6fde;--bad:#c8412b;--good:#1f8a4c;--warn:#b7791f}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);margin:0;background:var(--bg)}
header{background:#1d2330;color:#fff;padding:24px 40px}header h1{margin:0;font-size:24px}header p{margin:4px 0 0;color:#c9d1e0}
main{max-width:1200px;margin:0 auto;padding:24px 40px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px 24px;margin:0 0 20px}
h2{margin:0 0 12px;font-size:19px}h3{font-size:15px;margin:16px 0 8px}table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em}td.n,th.n{text-align:right}
.incomplete{background-image:repeating-linear-gradient(45deg,rgba(47,111,222,.22) 0 3px,transparent 3px 7px);padding:0 3px;border-radius:2px}.incomplete-note{font-size:13px;color:var(--muted);margin:4px 0}.incomplete-note .swatch{display:inline-block;width:22px;vertical-align:middle;margin-right:8px}.swatch.dashed{height:0;border-top:2px dashed var(--accent)}.swatch.hatched{height:12px;background-image:repeating-linear-gradient(45deg,rgba(47,111,222,.45) 0 3px,transparent 3px 7px)}
.answer{border-left:4px solid var(--accent);padding:8px 12px;background:#f2f6fd;margin:8px 0}.pain{color:var(--bad)}.good{color:var(--good)}.muted{color:var(--muted)}
.grid td{font-size:12px;min-width:110px}.cell{border-radius:4px;padding:4px 6px}.empty{color:var(--muted);font-style:italic}
.evidence{font-size:12px;color:var(--muted)}nav a{color:#c9d1e0;margin-right:14px}svg text{font:11px system-ui,sans-serif;fill:var(--ink)}
.tag{display:inline-block;padding:1px 6px;border-radius:10px;font-size:11px;background:#eef1f6;margin-right:4px}
`;

/** The self-contained page: inline CSS and inline SVG only, no scripts or external requests. */
export function page(title: string, subtitle: string, nav: ReadonlyArray<readonly [id: string, label: string]>, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><header><h1>${esc(title)}</h1><p>${esc(subtitle)}</p><nav>${nav.map(([id, l]) => `<a href="#${esc(id)}">${esc(l)}</a>`).join('')}</nav></header>
<main>${body}</main></body></html>
`;
}

export const section = (id: string, title: string, body: string) => `<section id="${esc(id)}"><h2>${esc(title)}</h2>${body}</section>`;

/** Money in the project's currency (ISO 4217), e.g. "$1,234" or "CN¥1,234", with `digits` decimals. */
export function moneyFormat(currency: string, digits: number): (x: number) => string {
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (x: number) => f.format(x);
}
