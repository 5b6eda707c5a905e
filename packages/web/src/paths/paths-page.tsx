import { SegmentPicker, useSegmentFilter } from '../components/segment-picker.js';
import { useUrlQuery } from '../routing/url-params.js';
import type { PathsResult } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { CleaningEditor, ExclusionEditor } from './cleaning-editor.js';
import { EdgesTable, NodesTable, TopPathsTable } from './paths-tables.js';
import { BYS, COUNTS, DEPTHS, FLOWS, MAIN_COVERAGE, pathsDefinition, readPathsQuery, writePathsQuery, type PathsFlow, type PathsQuery } from './paths-query.js';
import { PathsSankey } from './sankey-chart.js';
import { useTouchpointNames } from '../api/use-touchpoint-names.js';
import { TouchpointSelect } from '../components/touchpoint-select.js';
import './paths.css';
import { ChoiceSelect } from '../components/choice-select.js';
import { SaveInsight } from '../insights/save-insight.js';
import type { RangedAnswer } from '@trailmap/core';
import { DateRangeControl } from '../components/date-range-control.js';
import { useDateRange, withRange } from '../components/use-date-range.js';

function Summary({ result, query }: { result: PathsResult; query: PathsQuery }) {
  const { t, fmt } = useI18n();
  const paths = fmt.int(result.totalPaths);
  const p = query.count === 'person';
  const text =
    result.mode === 'between'
      ? t(p ? 'paths.summary.between.person' : 'paths.summary.between', { paths, from: query.from ?? '', to: query.to ?? '', depth: fmt.int(result.depth) })
      : result.mode === 'before'
        ? t(p ? 'paths.summary.before.person' : 'paths.summary.before', { paths, anchor: query.to ?? '' })
        : query.from
          ? t(p ? 'paths.summary.after.person' : 'paths.summary.after', { paths, anchor: query.from })
          : t(p ? 'paths.summary.start.person' : 'paths.summary.start', { paths });
  return (
    <p className="subtitle" data-testid="paths-summary">
      {text}
    </p>
  );
}

/** What the chart leaves out, exactly, and the switch between the main flow and every transition. */
function Coverage({ result, flow, show }: { result: PathsResult; flow: PathsFlow; show: (f: PathsFlow) => void }) {
  const { t, fmt } = useI18n();
  const left = result.otherEdges > 0;
  const text = left
    ? t('paths.coverage.main', {
        coverage: fmt.pct(result.coverage),
        edges: fmt.int(result.otherEdges),
        moves: fmt.int(result.otherCount),
        flow: fmt.int(result.flow),
        share: fmt.pct(result.flow > 0 ? result.otherCount / result.flow : 0),
      })
    : t('paths.coverage.all', { edges: fmt.int(result.edges.length), flow: fmt.int(result.flow) });
  return (
    <p className="help" data-testid="paths-coverage" data-other-edges={result.otherEdges} data-other-count={result.otherCount}>
      {text}{' '}
      {left && flow === 'main' && (
        <button type="button" className="link-button" data-testid="paths-show-all" onClick={() => show('all')}>
          {t('paths.showAll')}
        </button>
      )}
      {flow === 'all' && (
        <button type="button" className="link-button" data-testid="paths-show-main" onClick={() => show('main')}>
          {t('paths.showMain')}
        </button>
      )}
    </p>
  );
}

export function PathsPage() {
  const { t, fmt } = useI18n();
  const [query, set] = useUrlQuery(readPathsQuery, writePathsQuery);
  const dates = useDateRange();
  const segment = useSegmentFilter();
  const definition = { ...withRange(pathsDefinition(query), dates.range), ...(segment.length ? { segment } : {}) };
  const names = useTouchpointNames();
  const result = useApi<RangedAnswer<PathsResult>>(JSON.stringify(definition), (signal) => apiPost('/v1/analytics/paths', definition, signal));
  const labels = result.status === 'ok' ? [...new Set(result.data.nodes.map((n) => n.label))].sort() : [];

  return (
    <main className="page paths" aria-busy={result.status === 'loading'}>
      <header className="page-head">
        <div>
          <h1>{t('paths.title')}</h1>
          <p className="subtitle">{t('paths.intro')}</p>
        </div>
      </header>
      <SaveInsight kind="paths" definition={definition} />
      {names.status === 'error' && <ErrorState error={names.error} retry={names.retry} />}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <TouchpointSelect label={t('paths.from')} testId="paths-from" noneLabel={t('paths.from.any')} value={query.from} names={names} onChange={(from) => set({ from })} />
        <TouchpointSelect label={t('paths.to')} testId="paths-to" noneLabel={t('paths.to.none')} value={query.to} names={names} onChange={(to) => set({ to })} />
        <ChoiceSelect label={t('paths.by')} testId="paths-by" choices={BYS} value={query.by} optionLabel={(b) => t(`paths.by.${b}`)} onChange={(b) => set({ by: b })} />
        <ChoiceSelect label={t('paths.depth')} testId="paths-depth" className="narrow" choices={DEPTHS} value={query.depth} optionLabel={(d) => fmt.int(d)} onChange={(d) => set({ depth: d })} />
        <ChoiceSelect label={t('paths.count')} testId="paths-count" choices={COUNTS} value={query.count} optionLabel={(c) => t(`paths.count.${c}`)} onChange={(c) => set({ count: c })} />
        <ChoiceSelect label={t('paths.flow')} testId="paths-flow" choices={FLOWS} value={query.flow} optionLabel={(f) => t(`paths.flow.${f}`, { coverage: fmt.pct(MAIN_COVERAGE) })} onChange={(f) => set({ flow: f })} />
      </form>
      <DateRangeControl range={dates.range} onChange={dates.setRange} resolved={result.status === 'ok' ? result.data.range : undefined} />
      <SegmentPicker />
      <div className="paths-editors">
        <CleaningEditor key={JSON.stringify(query.cleaning)} rules={query.cleaning} apply={(cleaning) => set({ cleaning })} />
        <ExclusionEditor exclude={query.exclude} suggestions={labels} set={(exclude) => set({ exclude })} />
      </div>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorState error={result.error} retry={result.retry} />}
      {result.status === 'ok' && result.data.totalPaths === 0 && (
        <Empty text={result.data.mode === 'between' ? t('paths.empty.between', { from: query.from ?? '', to: query.to ?? '', depth: fmt.int(query.depth) }) : t('paths.empty')} />
      )}
      {result.status === 'ok' && result.data.totalPaths > 0 && (
        <div className="paths-results" data-testid="paths-ready" data-depth={result.data.depth} data-nodes={result.data.nodes.length} data-edges={result.data.edges.length}>
          <section aria-label={t('paths.chart')}>
            <Summary result={result.data} query={query} />
            <PathsSankey result={result.data} count={query.count} />
            <Coverage result={result.data} flow={query.flow} show={(flow) => set({ flow })} />
            <p className="help" data-testid="paths-share-note">
              {t(query.count === 'person' ? 'paths.share.person' : 'paths.share.session')}
            </p>
          </section>
          <div className="two-col">
            <EdgesTable result={result.data} count={query.count} />
            <NodesTable result={result.data} count={query.count} />
          </div>
          <TopPathsTable result={result.data} count={query.count} />
        </div>
      )}
    </main>
  );
}
