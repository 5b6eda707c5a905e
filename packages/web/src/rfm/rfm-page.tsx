import { useState } from 'react';
import type { RfmResult } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useMoney } from '../api/use-project.js';
import { useTouchpointNames } from '../api/use-touchpoint-names.js';
import { TouchpointSelect } from '../components/touchpoint-select.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import './rfm.css';

const SCORES = [1, 2, 3, 4, 5] as const;

/** The RFM page: purchase event and value property, the 5×5 grid and the named groups (`POST /v1/customers/rfm`). */
export function RfmPage() {
  const { t, fmt } = useI18n();
  const { money } = useMoney();
  const names = useTouchpointNames();
  const [purchase, setPurchase] = useState('Order Completed');
  const [value, setValue] = useState('revenue');
  const def = { purchase, value: value.trim() || 'revenue' };
  const rfm = useApi(`rfm:${JSON.stringify(def)}`, (signal) => apiPost<RfmResult>('/v1/customers/rfm', def, signal));
  const max = rfm.status === 'ok' ? Math.max(1, ...rfm.data.grid.map((c) => c.count)) : 1;
  const mean = (sum: number, n: number) => (n === 0 ? '—' : money(sum / n));

  return (
    <main className="page rfm">
      <header className="page-head">
        <div>
          <h1>{t('rfm.title')}</h1>
          <p className="subtitle">{t('rfm.intro')}</p>
        </div>
      </header>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <TouchpointSelect label={t('rfm.purchase')} testId="rfm-purchase" noneLabel="—" value={purchase} names={names} onChange={(p) => p && setPurchase(p)} />
        <label>
          {t('rfm.value')}
          <input data-testid="rfm-value" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
      </form>
      {rfm.status === 'loading' && <Loading />}
      {rfm.status === 'error' && <ErrorState error={rfm.error} retry={rfm.retry} />}
      {rfm.status === 'ok' && rfm.data.customers === 0 && <Empty text={t('rfm.empty')} />}
      {rfm.status === 'ok' && rfm.data.customers > 0 && (
        <>
          <p data-testid="rfm-summary">{t('rfm.asOf', { day: rfm.data.asOf ?? '—', customers: fmt.int(rfm.data.customers) })}</p>
          <section className="rfm-section" aria-label={t('rfm.grid.title')}>
            <h2>{t('rfm.grid.title')}</h2>
            <p className="help">{t('rfm.grid.caption')}</p>
            <table className="rfm-grid" data-testid="rfm-grid">
              <thead>
                <tr>
                  <td />
                  {SCORES.map((fm) => <th key={fm} scope="col">{t('rfm.grid.fm', { n: fm })}</th>)}
                </tr>
              </thead>
              <tbody>
                {[5, 4, 3, 2, 1].map((r) => (
                  <tr key={r}>
                    <th scope="row">{t('rfm.grid.r', { n: r })}</th>
                    {SCORES.map((fm) => {
                      const c = rfm.data.grid.find((x) => x.r === r && x.fm === fm)!;
                      return (
                        <td key={fm} data-testid="rfm-cell" data-count={c.count} title={t('rfm.grid.cell', { count: fmt.int(c.count), mean: mean(c.monetary, c.count) })} style={{ backgroundColor: `rgba(37, 99, 235, ${(0.08 + 0.72 * (c.count / max)).toFixed(3)})`, color: c.count / max > 0.55 ? '#fff' : undefined }}>
                          <strong>{fmt.int(c.count)}</strong>
                          <span className="rfm-mean">{mean(c.monetary, c.count)}</span>
                          <span className="rfm-group">{t(`rfm.group.${c.group}`)}</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="rfm-section" aria-label={t('rfm.groups.title')}>
            <h2>{t('rfm.groups.title')}</h2>
            <table className="data-table" data-testid="rfm-groups">
              <thead>
                <tr>
                  <th scope="col">{t('rfm.groups.group')}</th>
                  <th scope="col" className="num">{t('rfm.groups.count')}</th>
                  <th scope="col" className="num">{t('rfm.groups.share')}</th>
                  <th scope="col" className="num">{t('rfm.groups.mean')}</th>
                </tr>
              </thead>
              <tbody>
                {rfm.data.groups.map((g) => (
                  <tr key={g.group} data-testid="rfm-group" data-group={g.group} data-count={g.count}>
                    <td>{t(`rfm.group.${g.group}`)}</td>
                    <td className="num">{fmt.int(g.count)}</td>
                    <td className="num">{fmt.pct(g.share)}</td>
                    <td className="num">{mean(g.monetary, g.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  );
}
