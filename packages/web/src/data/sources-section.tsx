import { useI18n } from '../i18n/i18n.js';

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
      <h3>{t('data.sources.endpoints')}</h3>
      <div className="grid-scroll">
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
