import type { PiiSummaryAnswer } from '@trailmap/core';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { CsvTable } from '../components/csv-download.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';

const PII_PATH = '/v1/privacy/pii';

/** Where personal data was found and what the policy did with it: "N property keys hold emails", then the key paths. */
export function PiiSection() {
  const { t, fmt, locale } = useI18n();
  const answer = useApi<PiiSummaryAnswer>(PII_PATH, (signal) => apiGet(PII_PATH, signal));
  const kindName = (kind: string | null) => t(`data.pii.kind.${kind ?? 'none'}` as never);
  return (
    <section className="data-section" aria-labelledby="pii-title" aria-busy={answer.status === 'loading'}>
      <h2 id="pii-title">{t('data.pii.title')}</h2>
      <p className="intro">{t('data.pii.intro')}</p>
      {answer.status === 'loading' && <Loading />}
      {answer.status === 'error' && <ErrorState error={answer.error} retry={answer.retry} />}
      {answer.status === 'ok' && answer.data.keys.length === 0 && <Empty text={t('data.pii.empty')} />}
      {answer.status === 'ok' && answer.data.keys.length > 0 && (
        <>
          <ul className="pii-kinds" data-testid="pii-kinds">
            {answer.data.kinds
              .filter((k) => k.keys > 0)
              .map((k) => (
                <li key={k.kind} data-testid="pii-kind" data-kind={k.kind}>
                  <strong>{t(k.keys === 1 ? 'data.pii.keys.one' : 'data.pii.keys.other', { n: fmt.int(k.keys), kind: kindName(k.kind) })}</strong>{' '}
                  <span className="subtitle">{t('data.pii.kindValues', { values: fmt.int(k.values), action: t(`data.pii.action.${k.action}`) })}</span>
                </li>
              ))}
          </ul>
          <h3 id="pii-list-title">{t('data.pii.list')}</h3>
          <div className="grid-scroll">
            <CsvTable name="personal-data">
              <table className="tm-table" data-testid="pii-keys" aria-labelledby="pii-list-title">
                <thead>
                  <tr>
                    <th scope="col">{t('data.pii.path')}</th>
                    <th scope="col">{t('data.pii.kind')}</th>
                    <th scope="col" className="num">{t('data.pii.values')}</th>
                    <th scope="col" className="num">{t('data.pii.kept')}</th>
                    <th scope="col" className="num">{t('data.pii.masked')}</th>
                    <th scope="col" className="num">{t('data.pii.hashed')}</th>
                    <th scope="col" className="num">{t('data.pii.dropped')}</th>
                    <th scope="col">{t('data.pii.now')}</th>
                    <th scope="col">{t('data.pii.lastSeen')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.data.keys.map((k) => (
                    <tr key={`${k.path} ${k.kind}`} data-testid="pii-key" data-path={k.path} data-kind={k.kind ?? ''}>
                      <th scope="row" className="mono wrap">{k.path}</th>
                      <td>{kindName(k.kind)}</td>
                      <td className="num" data-testid="pii-values">{fmt.int(k.values)}</td>
                      <td className="num">{fmt.int(k.actions.keep)}</td>
                      <td className="num" data-testid="pii-masked">{fmt.int(k.actions.mask)}</td>
                      <td className="num">{fmt.int(k.actions.hash)}</td>
                      <td className="num">{fmt.int(k.actions.drop)}</td>
                      <td data-testid="pii-policy-action">{t(`data.pii.action.${k.policyAction}`)}</td>
                      <td className="nowrap">{formatDateTime(locale, k.lastSeen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </CsvTable>
          </div>
        </>
      )}
      <p className="subtitle">{t('data.pii.docs')}</p>
    </section>
  );
}
