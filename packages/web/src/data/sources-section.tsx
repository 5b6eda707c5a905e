import { Link, useSearchParams } from 'react-router';
import { CsvTable } from '../components/csv-download.js';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import { writeDataQuery } from './data-query.js';
import { WebsiteSnippets } from './website-section.js';

/** Collection endpoints (docs/api.md); the origin is this server's, as the browser sees it. */
const ENDPOINTS = [
  ['/v1/track', 'track'],
  ['/v1/identify', 'identify'],
  ['/v1/page', 'page'],
  ['/v1/screen', 'screen'],
  ['/v1/group', 'group'],
  ['/v1/alias', 'alias'],
  ['/v1/batch', 'batch'],
  ['/v1/files?name=…', 'files'],
] as const;

/** `GET /v1/sources` answer. */
interface SourcesAnswer {
  sources: Array<{
    source: string;
    kind: 'http' | 'file' | 'demo' | 'other';
    name: string;
    events: number;
    people: number;
    firstReceivedAt: string;
    lastReceivedAt: string;
    lastEventAt: string | null;
    quarantined: number;
  }>;
  totals: { sources: number; events: number; people: number; quarantined: number };
}

const SOURCES_PATH = '/v1/sources';

/** Which sources have sent data (read key or the session cookie; never the write key). */
function SentSources() {
  const { t, fmt, locale } = useI18n();
  const [params] = useSearchParams();
  const answer = useApi<SourcesAnswer>(SOURCES_PATH, (signal) => apiGet(SOURCES_PATH, signal));
  const quarantineHref = (file: string) => writeDataQuery({ tab: 'quarantine', file, offset: 0, tp: '' }, params);
  return (
    <div className="sent-sources" aria-busy={answer.status === 'loading'}>
      <h3 id="sent-sources-title">{t('data.sources.sent.title')}</h3>
      <p className="intro">{t('data.sources.sent.intro')}</p>
      {answer.status === 'loading' && <Loading />}
      {answer.status === 'error' && <ErrorState error={answer.error} retry={answer.retry} />}
      {answer.status === 'ok' && answer.data.sources.length === 0 && <Empty text={t('data.sources.sent.empty')} />}
      {answer.status === 'ok' && answer.data.sources.length > 0 && (
        <>
          <p className="subtitle" data-testid="sources-totals">
            {t('data.sources.sent.totals', {
              sources: fmt.int(answer.data.totals.sources),
              events: fmt.int(answer.data.totals.events),
              people: fmt.int(answer.data.totals.people),
              quarantined: fmt.int(answer.data.totals.quarantined),
            })}
          </p>
          <div className="grid-scroll">
            <CsvTable name="sources">
            <table className="tm-table" data-testid="sources-list" aria-labelledby="sent-sources-title">
              <thead>
                <tr>
                  <th scope="col">{t('data.sources.sent.source')}</th>
                  <th scope="col">{t('data.sources.sent.kind')}</th>
                  <th scope="col" className="num">{t('data.sources.sent.events')}</th>
                  <th scope="col" className="num">{t('data.sources.sent.people')}</th>
                  <th scope="col" className="num">{t('data.sources.sent.quarantined')}</th>
                  <th scope="col">{t('data.sources.sent.first')}</th>
                  <th scope="col">{t('data.sources.sent.last')}</th>
                  <th scope="col">{t('data.sources.sent.lastEvent')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.data.sources.map((r) => (
                  <tr key={r.source} data-testid="source-row" data-source={r.source} data-kind={r.kind}>
                    <th scope="row" className="wrap source-name" data-testid="source-name">
                      {r.name}
                    </th>
                    <td>{t(`data.sources.sent.kind.${r.kind}`)}</td>
                    <td className="num" data-testid="source-events">
                      {fmt.int(r.events)}
                    </td>
                    <td className="num" data-testid="source-people">
                      {fmt.int(r.people)}
                    </td>
                    <td className="num">
                      {r.kind === 'file' && r.quarantined > 0 ? (
                        <Link to={quarantineHref(r.name)} data-testid="source-quarantine-link">
                          <span data-testid="source-quarantined">{fmt.int(r.quarantined)}</span>
                          <span className="cat-visually-hidden">{t('data.sources.sent.seeQuarantineLabel', { file: r.name })}</span>
                        </Link>
                      ) : (
                        <span data-testid="source-quarantined">{fmt.int(r.quarantined)}</span>
                      )}
                    </td>
                    <td className="nowrap">{formatDateTime(locale, r.firstReceivedAt)}</td>
                    <td className="nowrap">{formatDateTime(locale, r.lastReceivedAt)}</td>
                    <td className="nowrap">{formatDateTime(locale, r.lastEventAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </CsvTable>
          </div>
        </>
      )}
    </div>
  );
}

const PRINT_KEY = `node -p "require('./data/keys.json').writeKey"`;

export function SourcesSection() {
  const { t } = useI18n();
  const origin = window.location.origin;
  const node = [
    `import { Analytics } from '@segment/analytics-node';`,
    ``,
    `const analytics = new Analytics({ writeKey: process.env.TRAILMAP_WRITE_KEY, host: '${origin}' });`,
    `analytics.identify({ userId: 'u1', traits: { email: 'a@example.com' } });`,
    `analytics.track({ userId: 'u1', event: 'Product Viewed', properties: { sku: 'TENT-2' } });`,
    `await analytics.closeAndFlush();`,
  ].join('\n');
  const curl = [`curl -u "$TRAILMAP_WRITE_KEY:" -H 'content-type: application/json' \\`, `  ${origin}/v1/track \\`, `  -d '{"userId":"u1","event":"Product Viewed","properties":{"sku":"TENT-2"}}'`].join('\n');
  return (
    <section className="data-section" aria-labelledby="sources-title">
      <h2 id="sources-title">{t('data.sources.title')}</h2>
      <p className="intro">{t('data.sources.intro')}</p>
      <SentSources />
      <h3>{t('data.sources.endpoints')}</h3>
      <div className="grid-scroll">
        <CsvTable name="endpoints">
        <table className="tm-table" data-testid="sources-endpoints">
          <thead>
            <tr>
              <th scope="col">{t('data.sources.method')}</th>
              <th scope="col">{t('data.sources.url')}</th>
              <th scope="col">{t('data.sources.use')}</th>
            </tr>
          </thead>
          <tbody>
            {ENDPOINTS.map(([path, use]) => (
              <tr key={path}>
                <td className="mono">POST</td>
                <td className="mono wrap" data-testid="endpoint-url">
                  {origin}
                  {path}
                </td>
                <td>{t(`data.sources.use.${use}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </CsvTable>
      </div>
      <div className="snippets">
        <figure>
          <figcaption>{t('data.sources.node')}</figcaption>
          <pre className="snippet" tabIndex={0} data-testid="snippet-node">
            {node}
          </pre>
        </figure>
        <figure>
          <figcaption>{t('data.sources.curl')}</figcaption>
          <pre className="snippet" tabIndex={0} data-testid="snippet-curl">
            {curl}
          </pre>
        </figure>
      </div>
      <WebsiteSnippets />
      <div className="key-box" data-testid="write-key-note">
        <h3>{t('data.sources.keyTitle')}</h3>
        <p>{t('data.sources.keyHidden')}</p>
        <p>{t('data.sources.keyWhere')}</p>
        <pre className="snippet" tabIndex={0}>{PRINT_KEY}</pre>
        <p>{t('data.sources.keyRead')}</p>
        <p className="subtitle">{t('data.sources.docs')}</p>
      </div>
    </section>
  );
}
