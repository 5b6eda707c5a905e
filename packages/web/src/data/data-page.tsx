import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import { readDataQuery, TABS, writeDataQuery, type DataQuery } from './data-query.js';
import { ImportSection } from './import-section.js';
import { PiiSection } from './pii-section.js';
import { KeysSection } from './keys-section.js';
import { QuarantineSection } from './quarantine-section.js';
import { SourcesSection } from './sources-section.js';
import { TouchpointsSection } from './touchpoints-section.js';
import '../people/people.css';
import './data.css';

export function DataPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const query = readDataQuery(params);
  const href = (q: Partial<DataQuery>) => writeDataQuery({ ...query, ...q }, params);
  return (
    <main className="page data">
      <h1>{t('data.title')}</h1>
      <nav className="data-tabs" aria-label={t('data.sections')}>
        {TABS.map((tab) => (
          <Link key={tab} to={writeDataQuery({ tab, file: null, offset: 0, tp: '' }, params)} aria-current={tab === query.tab ? 'page' : undefined} data-testid={`data-tab-${tab}`}>
            {t(`data.tab.${tab}`)}
          </Link>
        ))}
      </nav>
      {query.tab === 'sources' && <SourcesSection />}
      {/* Unfiltered: uploaded files' quarantine rows carry the server's stored name today, not the uploaded one (see docs/web.md). */}
      {query.tab === 'import' && <ImportSection quarantineHref={(file) => writeDataQuery({ tab: 'quarantine', file, offset: 0, tp: '' }, params)} />}
      {query.tab === 'quarantine' && <QuarantineSection query={query} href={href} />}
      {query.tab === 'touchpoints' && <TouchpointsSection query={query} href={href} />}
      {query.tab === 'pii' && <PiiSection />}
      {query.tab === 'keys' && <KeysSection />}
    </main>
  );
}
