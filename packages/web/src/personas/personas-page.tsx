import { useState } from 'react';
import type { PersonaResult } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import './personas.css';

/**
 * The Personas page: k-means personas from `POST /v1/customers/personas` (k chosen by silhouette
 * over 2–8, or one given k), one card per cluster with its name, size, share, description and
 * distinguishing features (z-scores) as bars, and the silhouette per k tried.
 */
export function PersonasPage() {
  const { t, fmt, locale } = useI18n();
  const zh = locale.startsWith('zh');
  const [kText, setKText] = useState('');
  const [k, setK] = useState<number | null>(null);
  const def = k === null ? {} : { kMin: k, kMax: k };
  const res = useApi(`personas:${JSON.stringify(def)}`, (signal) => apiPost<PersonaResult>('/v1/customers/personas', def, signal));
  const run = () => {
    const n = Number(kText);
    setK(kText.trim() === '' || !Number.isInteger(n) ? null : Math.min(20, Math.max(2, n)));
  };

  return (
    <main className="page personas">
      <header className="page-head">
        <div>
          <h1>{t('personas.title')}</h1>
          <p className="subtitle">{t('personas.intro')}</p>
        </div>
      </header>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); run(); }}>
        <label>
          {t('personas.k')}
          <input data-testid="personas-k" type="number" min={2} max={20} placeholder={t('personas.kAuto')} value={kText} onChange={(e) => setKText(e.target.value)} />
        </label>
        <button type="submit" data-testid="personas-run">{t('personas.run')}</button>
      </form>
      {res.status === 'loading' && <Loading />}
      {res.status === 'error' && <ErrorState error={res.error} retry={res.retry} />}
      {res.status === 'ok' && res.data.clusters.length === 0 && <Empty text={res.data.note ?? t('personas.empty')} />}
      {res.status === 'ok' && res.data.clusters.length > 0 && (
        <>
          <p data-testid="personas-summary" data-people={res.data.people}>
            {t('personas.summary', { day: res.data.asOf ?? '—', people: fmt.int(res.data.people), k: res.data.k ?? '—' })}
          </p>
          <section className="personas-cards" aria-label={t('personas.clusters')}>
            {res.data.clusters.map((c) => {
              const max = Math.max(1, ...c.traits.map((x) => Math.abs(x.z)));
              return (
                <article key={c.cluster} className="persona-card" data-testid="persona-card" data-cluster={c.cluster} data-size={c.size}>
                  <h2>{zh ? c.name.zh : c.name.en}</h2>
                  <p className="persona-size">{t('personas.size', { size: fmt.int(c.size), share: fmt.pct(c.share) })}</p>
                  <p className="help">{zh ? c.description.zh : c.description.en}</p>
                  {c.traits.length > 0 && (
                    <ul className="persona-traits" aria-label={t('personas.traits')}>
                      {c.traits.map((x) => (
                        <li key={x.feature} title={x.feature}>
                          <span className="persona-trait-label">{zh ? x.zh : x.en}</span>
                          <span className="persona-bar">
                            <span className={x.z < 0 ? 'neg' : 'pos'} style={{ width: `${((Math.abs(x.z) / max) * 100).toFixed(1)}%` }} />
                          </span>
                          <span className="persona-z">{`${x.z > 0 ? '+' : ''}${fmt.dec(x.z)} σ`}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </article>
              );
            })}
          </section>
          {res.data.byK.length > 0 && (
            <section className="personas-section" aria-label={t('personas.byK')}>
              <h2>{t('personas.byK')}</h2>
              <table className="data-table" data-testid="personas-by-k">
                <thead>
                  <tr>
                    <th scope="col">k</th>
                    <th scope="col" className="num">{t('personas.silhouette')}</th>
                  </tr>
                </thead>
                <tbody>
                  {res.data.byK.map((r) => (
                    <tr key={r.k} className={r.k === res.data.k ? 'chosen' : undefined}>
                      <td>{r.k === res.data.k ? `${r.k} ✓` : r.k}</td>
                      <td className="num">{fmt.dec(r.silhouette)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}
    </main>
  );
}
