import { Fragment, useEffect, useState } from 'react';
import { CsvTable } from '../components/csv-download.js';
import { Link, useNavigate } from 'react-router';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import { QUARANTINE_PAGE, type DataQuery } from './data-query.js';

/** `GET /v1/quarantine` answer. */
interface QuarantineAnswer {
  total: number;
  byCode: Record<string, number>;
  records: Array<{ receivedAt: string; source: string; file: string | null; line: number | null; record: string | null; messageId: string | null; code: string; field: string | null; reason: string; raw: string | null }>;
}

export function QuarantineSection({ query, href }: { query: DataQuery; href(q: Partial<DataQuery>): string }) {
  const { t, fmt, locale } = useI18n();
  const navigate = useNavigate();
  const [fileText, setFileText] = useState(query.file ?? '');
  useEffect(() => setFileText(query.file ?? ''), [query.file]);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const path = `/v1/quarantine?${new URLSearchParams({ limit: String(QUARANTINE_PAGE), offset: String(query.offset), ...(query.file ? { file: query.file } : {}) })}`;
  const answer = useApi<QuarantineAnswer>(path, (signal) => apiGet(path, signal));
  useEffect(() => setOpen(new Set()), [path]);

  const toggle = (i: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <section className="data-section" aria-labelledby="quarantine-title" aria-busy={answer.status === 'loading'}>
      <h2 id="quarantine-title">{t('data.q.title')}</h2>
      <p className="intro">{t('data.q.intro')}</p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href({ file: fileText.trim() || null, offset: 0 }));
        }}
      >
        <label>
          {t('data.q.filter')}
          <input type="search" value={fileText} onChange={(e) => setFileText(e.target.value)} data-testid="quarantine-file" />
        </label>
        <button type="submit" className="tm-button">
          {t('data.q.apply')}
        </button>
        {query.file && (
          <Link to={href({ file: null, offset: 0 })} className="tm-button">
            {t('data.q.clear')}
          </Link>
        )}
      </form>
      {answer.status === 'loading' && <Loading />}
      {answer.status === 'error' && <ErrorState error={answer.error} retry={answer.retry} />}
      {answer.status === 'ok' && answer.data.total === 0 && <Empty text={query.file ? t('data.q.emptyFile', { file: query.file }) : t('data.q.empty')} />}
      {answer.status === 'ok' && answer.data.total > 0 && (
        <div data-testid="quarantine-ready">
          <p className="subtitle" data-testid="quarantine-total">
            {t('data.q.total', { n: fmt.int(answer.data.total) })}
          </p>
          <div className="by-code" aria-label={t('data.q.byCode')} role="group">
            <span>{t('data.q.byCode')}:</span>
            {Object.entries(answer.data.byCode).map(([code, n]) => (
              <span key={code} className="chip" data-testid="quarantine-code" data-code={code}>
                <code>{code}</code> <b>{fmt.int(n)}</b>
              </span>
            ))}
          </div>
          <div className="grid-scroll">
            <CsvTable name="quarantine">
            <table className="tm-table quarantine-table">
              <thead>
                <tr>
                  <th scope="col">{t('data.q.received')}</th>
                  <th scope="col">{t('data.q.source')}</th>
                  <th scope="col" className="num">{t('data.q.line')}</th>
                  <th scope="col">{t('data.q.code')}</th>
                  <th scope="col">{t('data.q.field')}</th>
                  <th scope="col">{t('data.q.reason')}</th>
                  <th scope="col">{t('data.q.raw')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.data.records.map((r, i) => {
                  const isOpen = open.has(i);
                  const rawId = `q-raw-${i}`;
                  return (
                    <Fragment key={`${query.offset}-${i}`}>
                      <tr data-testid="quarantine-row" data-line={r.line ?? ''} data-code={r.code}>
                        <td className="nowrap">{formatDateTime(locale, r.receivedAt)}</td>
                        <td className="wrap">{r.source === 'http' ? t('data.q.source.http') : r.file ?? r.source}</td>
                        <td className="num" data-testid="quarantine-line">
                          {r.line !== null ? fmt.int(r.line) : (r.record ?? '–')}
                        </td>
                        <td className="mono">{r.code}</td>
                        <td className="mono wrap">{r.field ?? '–'}</td>
                        <td className="wrap" data-testid="quarantine-reason">
                          {r.reason}
                        </td>
                        <td>
                          {r.raw === null ? (
                            <small>{t('data.q.noRaw')}</small>
                          ) : (
                            <button type="button" className="link-button" aria-expanded={isOpen} aria-controls={rawId} onClick={() => toggle(i)} data-testid="quarantine-raw-toggle">
                              {isOpen ? t('data.q.hideRaw') : t('data.q.showRaw')}
                            </button>
                          )}
                        </td>
                      </tr>
                      {isOpen && (
                        <tr id={rawId} className="history-row">
                          <td colSpan={7}>
                            <pre data-testid="quarantine-raw">{r.raw}</pre>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
            </CsvTable>
          </div>
          <nav className="pager" aria-label={t('data.q.pager')}>
            <span data-testid="quarantine-range">
              {t('data.q.range', { from: fmt.int(query.offset + 1), to: fmt.int(query.offset + answer.data.records.length), total: fmt.int(answer.data.total) })}
            </span>
            {query.offset > 0 && <Link to={href({ offset: Math.max(0, query.offset - QUARANTINE_PAGE) })}>{t('data.q.prev')}</Link>}
            {query.offset + answer.data.records.length < answer.data.total && <Link to={href({ offset: query.offset + QUARANTINE_PAGE })}>{t('data.q.next')}</Link>}
          </nav>
        </div>
      )}
    </section>
  );
}
