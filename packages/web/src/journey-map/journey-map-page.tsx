import { SegmentPicker, useSegmentFilter } from '../components/segment-picker.js';
import { useEffect, useMemo } from 'react';
import { useUrlParams } from '../routing/url-params.js';
import { apiPost } from '../api/client.js';
import type { JourneyMapAnswer } from '@trailmap/core';
import { ChangeBadge, DateRangeControl, useRangeText } from '../components/date-range-control.js';
import { useDateRange, writeDateRange } from '../components/use-date-range.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { EmotionChart } from './emotion-chart.js';
import { FlagList } from './flag-list.js';
import { JourneyGrid } from './journey-grid.js';
import { SaveInsight } from '../insights/save-insight.js';
import { journeyMapDefinition, monthPeriod, readJourneyQuery } from './journey-query.js';
import { useSelectorOptions } from './use-selector-options.js';
import { BlueprintLanes } from './blueprint-lanes.js';
import { DayTimeline, daySteps, PersonPicker, useProfile, useStepTime, visitsByCell } from './day-in-life.js';
import { ExportBar } from './export-bar.js';
import type { GridLayer } from './journey-grid.js';
import { cellKey, MAP_TYPES, readMapMode, selectionParam, type MapType } from './map-mode.js';
import { NotesPanel } from './notes-panel.js';
import { isCellNote, isStageNote } from './notes-api.js';
import { useNotes } from './use-notes.js';
import { changeParam, interventionsRequest, pinsByCell, readFuturePlan, simulateRequest, type PlannedPin } from './future-plan.js';
import { FuturePlanner, ProjectionBanner, useInterventionList, usePlanAction } from './future-state.js';
import { useDisplayNames } from '../api/display-names.js';
import './journey-map.css';

/** Marked once the first map is on screen and usable; the browser test reads it with the Performance API. */
export const INTERACTIVE_MARK = 'trailmap:journey-map-interactive';

export function JourneyMapPage() {
  const { t, fmt, label } = useI18n();
  const names = useDisplayNames();
  const [params, editParams] = useUrlParams();
  const query = readJourneyQuery(params);
  const dates = useDateRange();
  const rangeText = useRangeText();
  // The period is the shared date control's (an older link's month from/to still opens).
  const picked = useSegmentFilter();
  const base = journeyMapDefinition(query) as Record<string, unknown>;
  // The picked saved segment narrows the map with the persona (both must hold).
  const segment = [...((base.segment as unknown[] | undefined) ?? []), ...picked];
  const definition = { ...base, ...(segment.length ? { segment } : {}), ...(dates.compare && query.range ? { compare: 'previous_period' } : {}) };
  const map = useApi<JourneyMapAnswer>(JSON.stringify(definition), (signal) => apiPost('/v1/analytics/journey-map', definition, signal));
  const options = useSelectorOptions();
  const mode = readMapMode(params);
  const notes = useNotes();
  const profile = useProfile(mode.person);
  const stepTime = useStepTime();
  const steps = useMemo(
    () => (map.status === 'ok' && profile.status === 'ok' && mode.person ? daySteps(profile.data, map.data) : null),
    [map, profile, mode.person],
  );
  const visits = useMemo(() => (steps ? visitsByCell(steps) : null), [steps]);
  // Future state: the ranked interventions for this selection, the plan from the URL, the twin's projection.
  const future = mode.type === 'future';
  const plan = readFuturePlan(params);
  const ivBody = interventionsRequest(query);
  const ivList = useInterventionList(future ? `iv:${JSON.stringify(ivBody)}` : null, ivBody);
  const planAction = usePlanAction();
  const ivById = new Map(ivList.status === 'ok' ? ivList.data.interventions.map((r) => [r.id, r]) : []);
  const pickedIv = plan.ids.flatMap((id) => (ivById.has(id) ? [ivById.get(id)!] : []));
  const missingIds = ivList.status === 'ok' ? plan.ids.filter((id) => !ivById.has(id)) : [];
  const pins: PlannedPin[] = [
    ...pickedIv.map((r) => ({ key: `iv:${r.id}`, source: 'intervention' as const, id: r.id, touchpoint: r.touchpoint, intervention: r })),
    ...plan.changes.map((c, i) => ({ key: `chg:${i}`, source: 'manual' as const, id: changeParam(c), touchpoint: c.from, change: c })),
  ];
  // The projection waits for the list when interventions are planned, so it never runs on part of the plan.
  const simBody = future && (plan.ids.length === 0 || ivList.status === 'ok') ? simulateRequest(query, pickedIv, plan.changes) : null;
  const planKey = [...pickedIv.map((r) => r.id), ...plan.changes.map(changeParam)].join(' + ');
  const placed = map.status === 'ok' && future ? pinsByCell(map.data, pins) : null;

  useEffect(() => {
    if (map.status === 'ok' && performance.getEntriesByName(INTERACTIVE_MARK).length === 0) performance.mark(INTERACTIVE_MARK);
  }, [map.status]);

  const update = (changes: Record<string, string | null>) =>
    editParams((next) => {
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    });
  /** Replace a repeated parameter (`plan`, `chg`) with these values. */
  const updateList = (name: string, values: string[]) =>
    editParams((next) => {
      next.delete(name);
      for (const v of values) next.append(name, v);
      return next;
    });

  const periodValue = query.from || query.to ? `${query.from ?? ''}|${query.to ?? ''}` : '';
  const months = options.status === 'ok' ? options.data.months : [];
  const monthValues = months.map((m) => {
    const p = monthPeriod(m);
    return { value: `${p.from}|${p.to}`, label: fmt.month(m) };
  });
  // A period from a shared link that is not a whole month still shows as selected.
  if (periodValue && !monthValues.some((m) => m.value === periodValue)) {
    monthValues.push({ value: periodValue, label: `${query.from ? fmt.day(query.from) : '…'} – ${query.to ? fmt.day(query.to) : '…'}` });
  }
  const personas = options.status === 'ok' ? options.data.personas : [];

  const layer: GridLayer = {
    cellNotes: (c) => notes.notes?.filter((n) => isCellNote(n, c)).length ?? 0,
    stageNotes: (stage) => notes.notes?.filter((n) => isStageNote(n, stage)).length ?? 0,
    selection: mode.selection,
    select: (target) => update({ sel: selectionParam(target) }),
    ...(mode.type === 'day' && visits ? { visits, stepTime } : {}),
    ...(placed ? { planned: placed.byCell } : {}),
    ...(map.status === 'ok' && map.data.change ? { changes: new Map(map.data.change.cells.map((c) => [cellKey(c), c.people])) } : {}),
  };
  const periodLabel = map.status === 'ok' && (dates.range || !periodValue) ? rangeText(map.data.range) : periodValue ? (monthValues.find((m) => m.value === periodValue)?.label ?? '') : t('jm.period.all');
  const exportSubtitle = [
    `${t('jm.persona')}: ${query.persona ? names.persona(query.persona) : t('jm.persona.all')}`,
    `${t('jm.period')}: ${periodLabel}`,
    ...(mode.type === 'day' && mode.person ? [t('jmx.day.title', { person: mode.person })] : []),
    ...(map.status === 'ok' ? [t('jm.subtitle', { events: fmt.int(map.data.totals.events), responses: fmt.int(map.data.totals.responses) })] : []),
  ].join(' · ');

  return (
    <main className="page journey-map" aria-busy={map.status === 'loading'}>
      <header className="page-head">
        <div>
          <h1>{t('jm.title')}</h1>
          {map.status === 'ok' && <p className="subtitle">{t('jm.subtitle', { events: fmt.int(map.data.totals.events), responses: fmt.int(map.data.totals.responses) })}</p>}
        </div>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('jmx.type')}
            <select value={mode.type} onChange={(e) => update({ type: e.target.value === 'current' ? null : e.target.value })} data-testid="map-type-select">
              {MAP_TYPES.map((m: MapType) => (
                <option key={m} value={m}>
                  {t(`jmx.type.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('jm.persona')}
            <select value={query.persona ?? ''} onChange={(e) => update({ persona: e.target.value })} data-testid="persona-select">
              <option value="">{t('jm.persona.all')}</option>
              {query.persona && !personas.some((p) => p.value === query.persona) && <option value={query.persona}>{query.persona}</option>}
              {personas.map((p) => (
                <option key={p.value} value={p.value}>
                  {t('jm.persona.count', { name: names.persona(p.value), people: fmt.int(p.people) })}
                </option>
              ))}
            </select>
          </label>
          <SegmentPicker />
        </form>
        <DateRangeControl
          range={query.range}
          onChange={(r) =>
            editParams((next) => {
              next.delete('from');
              next.delete('to');
              return writeDateRange(r, next);
            })
          }
          resolved={map.status === 'ok' ? map.data.range : undefined}
          compare={{ on: dates.compare, set: dates.setCompare, previous: map.status === 'ok' ? map.data.previous?.range : undefined }}
        />
      </header>
      <SaveInsight kind="journey-map" definition={definition} defaultName={t('jm.title')} />
      {map.status === 'loading' && <Loading />}
      {map.status === 'error' && <ErrorState error={map.error} retry={map.retry} />}
      {map.status === 'ok' && map.data.cells.length === 0 && <Empty text={t('state.empty')} />}
      {map.status === 'ok' && map.data.change && (
        <section className="jm-compare" aria-label={t('dr.compare')} data-testid="jm-compare">
          <ul>
            {map.data.stages.map((st, i) => (
              <li key={st.stage} data-testid="jm-stage-change">
                <b>{label('stage', st.stage)}</b>: <span data-testid="jm-stage-people">{fmt.int(st.people)}</span>
                <ChangeBadge change={map.data.change?.stages[i]?.people} testId="jm-stage-people-change" />
              </li>
            ))}
          </ul>
        </section>
      )}
      {map.status === 'ok' && map.data.cells.length > 0 && (
        <div data-testid="jm-ready" data-map-type={mode.type}>
          <ExportBar
            map={map.data}
            type={mode.type}
            persona={query.persona}
            subtitle={exportSubtitle}
            highlighted={new Set(mode.type === 'day' && visits ? visits.keys() : placed ? placed.byCell.keys() : [])}
            cellExtra={(c) => {
              const v = mode.type === 'day' ? visits?.get(cellKey(c)) : undefined;
              if (v?.length) return t('jmx.png.steps', { steps: v.map((s) => fmt.int(s.n)).join(', ') });
              const planned = placed?.byCell.get(cellKey(c));
              if (planned?.length) return `${t('jmf.badge')}: ${planned.map(planAction).join('; ')}`;
              const n = layer.cellNotes(c);
              return n ? t('jmx.png.notes', { n: fmt.int(n) }) : null;
            }}
          />
          {mode.type === 'day' && (
            <PersonPicker
              key={params.get('pq') ?? ''}
              person={mode.person}
              query={params.get('pq') ?? ''}
              onSearch={(q) => update({ pq: q || null })}
              onPick={(id) => update({ person: id })}
            />
          )}
          {future && (
            <>
              <FuturePlanner
                list={ivList}
                ids={plan.ids}
                changes={plan.changes}
                touchpoints={[...new Set(map.data.cells.map((c) => c.touchpoint))].sort()}
                onToggle={(id, on) => updateList('plan', on ? [...plan.ids, id] : plan.ids.filter((x) => x !== id))}
                onAddChange={(c) => updateList('chg', [...plan.changes.map(changeParam), changeParam(c)])}
                onRemoveChange={(i) => updateList('chg', plan.changes.filter((_, j) => j !== i).map(changeParam))}
              />
              <ProjectionBanner body={simBody} pending={plan.ids.length > 0 && ivList.status !== 'ok' ? ivList.status : null} planKey={planKey} count={pickedIv.length + plan.changes.length} />
              {missingIds.length > 0 && (
                <p className="state error" role="status" data-testid="future-missing">
                  {t('jmf.missing', { ids: missingIds.join(', ') })}
                </p>
              )}
              {placed && placed.offMap.length > 0 && (
                <p className="hint" data-testid="future-off-map">
                  {t('jmf.offMap', { actions: placed.offMap.map(planAction).join('; ') })}
                </p>
              )}
            </>
          )}
          {mode.type === 'day' && mode.person && profile.status === 'loading' && <Loading />}
          {mode.type === 'day' && mode.person && profile.status === 'error' && <ErrorState error={profile.error} retry={profile.retry} />}
          <div className={`jm-layout${mode.selection ? ' with-panel' : ''}`}>
            <div className="jm-main">
              {mode.type === 'day' && profile.status === 'ok' && steps && (
                <p className="day-legend" data-testid="day-legend">
                  {t('jmx.day.legend', { cells: fmt.int(visits?.size ?? 0) })}
                </p>
              )}
              {mode.type === 'blueprint' && <BlueprintLanes map={map.data} notes={notes} />}
              <JourneyGrid map={map.data} layer={layer} />
              {mode.type === 'day' && profile.status === 'ok' && steps && <DayTimeline profile={profile.data} steps={steps} />}
            </div>
            {mode.selection && <NotesPanel key={selectionParam(mode.selection)} target={mode.selection} notes={notes} onClose={() => update({ sel: null })} />}
          </div>
          <section className="emotion" aria-label={t('jm.emotion.title')}>
            <h2>{t('jm.emotion.title')}</h2>
            <EmotionChart map={map.data} />
          </section>
          <div className="flag-lists">
            <FlagList title={t('jm.pains.title')} flags={map.data.painPoints} tone="pain" />
            <FlagList title={t('jm.opps.title')} flags={map.data.opportunities} tone="opportunity" />
          </div>
        </div>
      )}
    </main>
  );
}
