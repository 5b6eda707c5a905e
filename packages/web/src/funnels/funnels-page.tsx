import { useUrlQuery } from '../routing/url-params.js';
import { CsvTable } from '../components/csv-download.js';
import { apiPost } from '../api/client.js';
import type { FunnelAnswer } from '@trailmap/core';
import { ChangeBadge, DateRangeControl, ResolvedRangeLine } from '../components/date-range-control.js';
import { useDateRange } from '../components/use-date-range.js';
import { useApi } from '../api/use-api.js';
import { useTouchpointNames } from '../api/use-touchpoint-names.js';
import { useDisplayNames } from '../api/display-names.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { ConversionOverTime, FunnelBars, TimeToConvert } from './funnel-charts.js';
import { DROP_OFF_PAGE, dropOffDefinition, funnelDefinition, ORDERS, readFunnelQuery, WINDOWS, writeFunnelQuery, type FunnelBreakdown, type FunnelQuery } from './funnel-query.js';
import { useState } from 'react';
import { DROP_OFF_PANEL_ID, DropOffList } from './drop-off-list.js';
import './funnels.css';
import { ChoiceSelect } from '../components/choice-select.js';
import { SaveInsight } from '../insights/save-insight.js';
import { SegmentPicker, useSegmentFilter } from '../components/segment-picker.js';
import { SegmentBreakdownPicker, useSegmentGroupLabel } from './segment-breakdown-picker.js';

function FunnelResultView({ query, set }: { query: FunnelQuery; set(q: Partial<FunnelQuery>): void }) {
  const { t, fmt } = useI18n();
  const breakdownLabel = (b: FunnelBreakdown) =>
    b.kind === 'trait' && b.name === 'persona' ? t('fn.breakdown.persona') : t(b.kind === 'trait' ? 'fn.breakdown.traitName' : b.kind === 'segment' ? 'fn.breakdown.segmentName' : 'fn.breakdown.propertyName', { name: b.name });
  const groupLabel = useSegmentGroupLabel();
  const { compare } = useDateRange();
  const segment = useSegmentFilter();
  const definition = { ...funnelDefinition(query), ...(segment.length ? { segment } : {}), ...(compare && query.range ? { compare: 'previous_period' } : {}) };
  const result = useApi<FunnelAnswer>(JSON.stringify(definition), (signal) => apiPost('/v1/analytics/funnel', definition, signal));
  const displayNames = useDisplayNames();
  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorState error={result.error} retry={result.retry} />;
  const r = result.data;
  if ((r.steps[0]?.count ?? 0) === 0) return <Empty text={t('fn.empty')} />;
  // Clicking the open drop-off again closes it; another step's opens that one with the first page.
  const toggleDropOff = (n: number) => set({ dropOff: query.dropOff === n ? null : n, dropOffLimit: DROP_OFF_PAGE });
  return (
    <div className="funnel-results" data-testid="funnel-ready">
      <ResolvedRangeLine resolved={r.range} previous={r.previous?.range} />
      <section aria-label={t('fn.bars')}>
        <h2>{t('fn.bars')}</h2>
        <FunnelBars result={r} selected={query.dropOff} onDropOff={toggleDropOff} />
        <p className="help">{t('fn.dropoff.hint')}</p>
        <ol className="funnel-steps">
          {r.steps.map((s) => (
            <li key={s.index} data-testid="funnel-step">
              <b>{displayNames.touchpoint(s.name)}</b>: <span data-testid="funnel-step-count">{fmt.int(s.count)}</span>
              <ChangeBadge change={r.change?.steps[s.index - 1]?.count} testId="funnel-step-change" /> · {t('fn.fromFirst', { rate: fmt.pct(s.conversionFromFirst) })}
              {s.index > 1 && <ChangeBadge change={r.change?.steps[s.index - 1]?.conversionFromFirst} rate testId="funnel-rate-change" />}
              {s.index > 1 && (
                <>
                  {' · '}
                  <button
                    type="button"
                    className="dropoff-button"
                    aria-expanded={query.dropOff === s.index}
                    aria-controls={query.dropOff === s.index ? DROP_OFF_PANEL_ID : undefined}
                    aria-label={t('fn.dropoff.buttonLabel', { n: fmt.int(s.index), name: s.name, count: fmt.int(s.dropOff) })}
                    data-testid={`funnel-dropoff-${s.index}`}
                    onClick={() => toggleDropOff(s.index)}
                  >
                    {t('fn.dropoff.button', { count: fmt.int(s.dropOff) })}
                  </button>
                </>
              )}
              {s.medianTimeFromPreviousMs !== null && ` · ${t('fn.ttc.median', { value: fmt.duration(s.medianTimeFromPreviousMs) })}`}
            </li>
          ))}
        </ol>
        {query.dropOff !== null && (
          // Keyed by its request, so another step or page never shows the previous answer meanwhile.
          <DropOffList key={JSON.stringify(dropOffDefinition(query))} query={query} result={r} onLimit={(dropOffLimit) => set({ dropOffLimit })} onClose={() => set({ dropOff: null, dropOffLimit: DROP_OFF_PAGE })} />
        )}
      </section>
      <div className="two-col">
        <section aria-label={t('fn.ttc')}>
          <h2>{t('fn.ttc')}</h2>
          {r.timeToConvert.medianMs !== null && <p>{t('fn.ttc.median', { value: fmt.duration(r.timeToConvert.medianMs) })}</p>}
          <TimeToConvert result={r} />
        </section>
        <section aria-label={t('fn.overTime')}>
          <h2>{t('fn.overTime')}</h2>
          <ConversionOverTime result={r} />
        </section>
      </div>
      {r.breakdown && query.breakdown && (
        <section aria-label={t('fn.breakdownTable', { name: breakdownLabel(query.breakdown) })}>
          <h2>{t('fn.breakdownTable', { name: breakdownLabel(query.breakdown) })}</h2>
          <div className="grid-scroll" tabIndex={0}>
            <CsvTable name={t('fn.breakdownTable', { name: breakdownLabel(query.breakdown) })}>
            <table className="breakdown">
              <thead>
                <tr>
                  <th scope="col">{breakdownLabel(query.breakdown)}</th>
                  {r.steps.map((s) => (
                    <th scope="col" key={s.index}>
                      {s.index}. {s.name}
                    </th>
                  ))}
                  <th scope="col">{t('fn.breakdown.ttc')}</th>
                </tr>
              </thead>
              <tbody>
                {r.breakdown.map((b) => (
                  <tr key={b.value ?? ''}>
                    <th scope="row">{query.breakdown?.kind === 'segment' ? groupLabel(b.value) : (b.value ?? t('fn.notSet'))}</th>
                    {b.steps.map((s) => (
                      <td key={s.index}>
                        {fmt.int(s.count)} <small>({fmt.pct(s.conversionFromFirst)})</small>
                      </td>
                    ))}
                    <td data-testid="fn-breakdown-ttc">{fmt.duration(b.timeToConvert.medianMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </CsvTable>
          </div>
        </section>
      )}
    </div>
  );
}

export function FunnelsPage() {
  const { t } = useI18n();
  const [query, set] = useUrlQuery(readFunnelQuery, writeFunnelQuery);
  const dates = useDateRange();
  const choices = useTouchpointNames();
  // Step choices show the catalogue's display name in the page's language; the stored name is the value.
  const displayNames = useDisplayNames();
  const names = choices.status === 'ok' ? choices.data : [];
  // Builder rows: the chosen steps plus one empty row to add the next.
  const rows = [...query.steps, ''];

  return (
    <main className="page funnels">
      <h1>{t('fn.title')}</h1>
      {query.steps.length >= 2 && <SaveInsight kind="funnel" definition={funnelDefinition(query)} />}
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'error' && <ErrorState error={choices.error} retry={choices.retry} />}
      {choices.status === 'ok' && (
        <form className="funnel-builder" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>{t('fn.steps')}</legend>
            {rows.slice(0, 20).map((step, i) => (
              <div className="step-row" key={i}>
                <label>
                  {i < query.steps.length ? t('fn.step', { n: i + 1 }) : t('fn.addStep')}
                  <select
                    data-testid={`funnel-step-${i + 1}`}
                    value={step}
                    onChange={(e) => {
                      const steps = [...query.steps];
                      if (i < steps.length) steps[i] = e.target.value;
                      else steps.push(e.target.value);
                      set({ steps: steps.filter((s) => s !== '') });
                    }}
                  >
                    <option value="">—</option>
                    {names.map((n) => (
                      <option key={n} value={n}>
                        {displayNames.touchpoint(n)}
                      </option>
                    ))}
                  </select>
                </label>
                {i < query.steps.length && (
                  <button type="button" aria-label={t('fn.removeStep', { n: i + 1 })} onClick={() => set({ steps: query.steps.filter((_, j) => j !== i) })}>
                    ×
                  </button>
                )}
              </div>
            ))}
          </fieldset>
          <ChoiceSelect label={t('fn.window')} choices={WINDOWS} value={query.window} optionLabel={(w) => t(`window.${w}`)} onChange={(w) => set({ window: w })} />
          <ChoiceSelect label={t('fn.order')} choices={ORDERS} value={query.order} optionLabel={(o) => t(`fn.order.${o}`)} onChange={(o) => set({ order: o })} />
          <BreakdownPicker key={query.breakdown?.kind === 'segment' ? 'segment' : 'other'} value={query.breakdown?.kind === 'segment' ? null : query.breakdown} onChange={(breakdown) => set({ breakdown })} />
          <SegmentBreakdownPicker testId="fn-segment-breakdown" value={query.breakdown?.kind === 'segment' ? query.breakdown.name : null} onChange={(key) => set({ breakdown: key ? { kind: 'segment', name: key } : null })} />
          <SegmentPicker />
          <DateRangeControl range={dates.range} onChange={dates.setRange} compare={{ on: dates.compare, set: dates.setCompare }} />
        </form>
      )}
      {query.steps.length < 2 ? <p className="state">{t('fn.needSteps')}</p> : <FunnelResultView query={query} set={set} />}
    </main>
  );
}

/**
 * Breakdown: none, persona, or another trait / a step-1 property typed by name (applied with
 * Enter or the button, so a half-typed name never reaches the API).
 */
function BreakdownPicker({ value, onChange }: { value: FunnelBreakdown | null; onChange(b: FunnelBreakdown | null): void }) {
  const { t } = useI18n();
  const isPersona = value?.kind === 'trait' && value.name === 'persona';
  const current = value === null ? '' : isPersona ? 'persona' : value.kind;
  const [kind, setKind] = useState<string>(current);
  const [name, setName] = useState<string>(value && !isPersona ? value.name : '');
  const named = kind === 'trait' || kind === 'property';
  const apply = () => {
    if (named && name.trim() !== '') onChange({ kind: kind as FunnelBreakdown['kind'], name: name.trim() });
  };
  return (
    <>
      <label>
        {t('fn.breakdown')}
        <select
          data-testid="fn-breakdown-kind"
          value={kind}
          onChange={(e) => {
            const k = e.target.value;
            setKind(k);
            if (k === '') onChange(null);
            else if (k === 'persona') onChange({ kind: 'trait', name: 'persona' });
          }}
        >
          <option value="">{t('fn.breakdown.none')}</option>
          <option value="persona">{t('fn.breakdown.persona')}</option>
          <option value="trait">{t('fn.breakdown.trait')}</option>
          <option value="property">{t('fn.breakdown.property')}</option>
        </select>
      </label>
      {named && (
        <label>
          {t('fn.breakdown.name')}
          <input
            data-testid="fn-breakdown-name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                apply();
              }
            }}
          />
          <button type="button" data-testid="fn-breakdown-apply" onClick={apply} disabled={name.trim() === ''}>
            {t('fn.breakdown.apply')}
          </button>
        </label>
      )}
    </>
  );
}
