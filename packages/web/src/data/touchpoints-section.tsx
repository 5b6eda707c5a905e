import { useNavigate } from 'react-router';
import { CsvTable } from '../components/csv-download.js';
import { apiGet } from '../api/client.js';
import type { TouchpointRow } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import type { DataQuery } from './data-query.js';
import { RulesEditor } from './rules-editor.js';
import { DisplayNameEditor } from './display-name-editor.js';
import { PersonaNames } from './persona-names.js';
import { useDisplayNames } from '../api/display-names.js';

const TYPES = ['digital', 'physical', 'social', 'human'] as const;
const isType = (v: string): v is (typeof TYPES)[number] => (TYPES as readonly string[]).includes(v);

export function TouchpointsSection({ query, href }: { query: DataQuery; href(q: Partial<DataQuery>): string }) {
  const { t, fmt, label } = useI18n();
  const navigate = useNavigate();
  const catalogue = useApi<{ touchpoints: TouchpointRow[]; notTouchpoints?: { type: string; events: number; people: number }[] }>('touchpoints', (signal) => apiGet('/v1/touchpoints', signal));
  const names = useDisplayNames();
  const needle = query.tp.trim().toLowerCase();
  const rows =
    catalogue.status === 'ok'
      ? catalogue.data.touchpoints.filter(
          (r) => !needle || [r.touchpoint, names.touchpoint(r.touchpoint), r.channel, r.type, r.stage, label('channel', r.channel), label('stage', r.stage)].some((v) => v.toLowerCase().includes(needle)),
        )
      : [];
  return (
    <section className="data-section" aria-labelledby="tp-title" aria-busy={catalogue.status === 'loading'}>
      <h2 id="tp-title">{t('data.tp.title')}</h2>
      <p className="intro">{t('data.tp.intro')}</p>
      {catalogue.status === 'loading' && <Loading />}
      {catalogue.status === 'error' && <ErrorState error={catalogue.error} retry={catalogue.retry} />}
      {catalogue.status === 'ok' && catalogue.data.touchpoints.length === 0 && <Empty text={t('data.tp.empty')} />}
      {catalogue.status === 'ok' && catalogue.data.touchpoints.length > 0 && (
        <div data-testid="tp-ready">
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <label>
              {t('data.tp.filter')}
              <input type="search" value={query.tp} onChange={(e) => navigate(href({ tp: e.target.value }), { replace: true })} data-testid="tp-filter" />
            </label>
          </form>
          <p className="subtitle" data-testid="tp-count">
            {t('data.tp.count', { n: fmt.int(rows.length), events: fmt.int(rows.reduce((a, r) => a + r.events, 0)) })}
          </p>
          {(catalogue.data.notTouchpoints ?? []).length > 0 && (
            <p className="notice" data-testid="tp-not-touchpoints">
              {t('cat.notTouchpoints', {
                calls: (catalogue.data.notTouchpoints ?? []).map((r) => t('cat.notTouchpoints.call', { n: fmt.int(r.events), type: r.type })).join(', '),
              })}
            </p>
          )}
          <p className="intro">{t('cat.dn.intro')}</p>
          {rows.length === 0 ? (
            <Empty text={t('data.tp.noMatch', { q: query.tp })} />
          ) : (
            <div className="grid-scroll">
              <CsvTable name="touchpoints">
              <table className="tm-table" data-testid="tp-table">
                <thead>
                  <tr>
                    <th scope="col">{t('data.tp.touchpoint')}</th>
                    <th scope="col">{t('cat.dn.column')}</th>
                    <th scope="col">{t('data.tp.channel')}</th>
                    <th scope="col">{t('data.tp.type')}</th>
                    <th scope="col">{t('data.tp.stage')}</th>
                    <th scope="col" className="num">{t('data.tp.events')}</th>
                    <th scope="col" className="num">{t('data.tp.people')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.touchpoint}|${r.channel}|${r.stage}|${r.type}`} data-testid="tp-row" data-touchpoint={r.touchpoint} data-channel={r.channel}>
                      <th scope="row">{r.touchpoint}</th>
                      <td>
                        <DisplayNameEditor kind="touchpoint" name={r.touchpoint} />
                      </td>
                      <td>{label('channel', r.channel)}</td>
                      <td>{isType(r.type) ? t(`data.tpType.${r.type}`) : r.type}</td>
                      <td>{label('stage', r.stage)}</td>
                      <td className="num" data-testid="tp-events">
                        {fmt.int(r.events)}
                      </td>
                      <td className="num" data-testid="tp-people">
                        {fmt.int(r.people)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </CsvTable>
            </div>
          )}
        </div>
      )}
      <PersonaNames />
      <h3 id="tp-rules-title">{t('data.tp.rulesTitle')}</h3>
      <p className="notice" data-testid="tp-edit-note">
        {t('data.tp.edit')}
      </p>
      {/* Saving re-classifies every stored event, so the table above is fetched again. */}
      <RulesEditor onSaved={catalogue.retry} />
    </section>
  );
}
