import { useEffect, useRef, useState } from 'react';
import type { TwinSimulation, TwinStateList } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { clampFactor, FACTOR_MAX, FACTOR_MIN, rangeOf, REDIRECTS, twinRequest, type AttributionQuery } from './attribution-query.js';
import { useAttrFormat } from './format.js';
import { TwinTable } from '../components/twin-table.js';
import './twin.css';

type Simulation = TwinSimulation & { model: { journeys: number; conversions: number; states: number; segments: Array<string | null> } };

/** Slider changes reach the URL (and the API) after the hand has rested this long. */
const DEBOUNCE_MS = 350;

/** The twin's states for the journeys a simulation fits on (`POST /v1/twin/states`, same labels and lookback). */
function useTwinStates(query: AttributionQuery) {
  const body = { by: 'event', lookback: query.lookback, ...rangeOf(query) };
  return useApi<TwinStateList>(`twin-states:${JSON.stringify(body)}`, (signal) => apiPost('/v1/twin/states', body, signal));
}

/** The transition being changed, now and in the scenario, and (computed in core) why the outcome may not move. */
function TransitionAndNotes({ sim }: { sim: Simulation }) {
  const { t } = useI18n();
  const f = useAttrFormat();
  const p = (v: number | null) => (v === null ? t('twin.transitionNone') : f.pct(v));
  return (
    <>
      {sim.transitions.map((tr) => (
        <dl className="tw-transition" key={tr.intervention} data-testid="attr-tw-transition" data-from={tr.from} data-to={tr.to}>
          <dt>{t('twin.transition', { from: tr.from, to: tr.to })}</dt>
          <dd>
            {t('twin.current')} <b data-testid="attr-tw-current">{p(tr.current)}</b> → {t('twin.new')} <b data-testid="attr-tw-new">{p(tr.scenario)}</b>
          </dd>
        </dl>
      ))}
      {sim.notes.length > 0 && (
        <ul className="tw-notes" data-testid="attr-tw-notes" aria-label={t('twin.notesTitle')}>
          {sim.notes.map((n, i) => (
            <li key={i} data-code={n.code}>
              {t(`twin.note.${n.code}`, { from: n.from ?? '', to: n.to ?? '', event: n.event ?? '', p: n.probability === undefined ? '' : f.pct(n.probability) })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function SimulationView({ sim, reloading }: { sim: Simulation; reloading: boolean }) {
  const { t, fmt } = useI18n();
  const f = useAttrFormat();
  const scale = sim.interventions.find((i) => i.kind === 'scale_transition');
  return (
    <div data-testid={reloading ? 'attr-tw-reloading' : 'attr-tw-ready'} data-factor={scale && 'factor' in scale ? String(scale.factor) : ''} aria-busy={reloading}>
      {reloading && (
        <p className="state" role="status">
          {t('attr.tw.updating')}
        </p>
      )}
      <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('attr.tw.results')}>
        <TwinTable
          sim={sim}
          f={f}
          className="attr-table"
          tableTestId="attr-tw-table"
          caption={t('attr.tw.results')}
          headers={{ metric: t('attr.tw.metric'), baseline: t('attr.tw.baseline'), scenario: t('attr.tw.scenario'), change: t('attr.tw.change') }}
          metricLabel={(m) => t(`attr.tw.${m}`)}
          interval={(low, high) => t('attr.tw.interval', { low, high })}
          cellTestId={(column, m) => (column === 'change' ? `attr-tw-change-${m}` : undefined)}
        />
      </div>
      <p className="tw-headline">
        <b data-testid="attr-tw-probability">{t('attr.tw.probability', { p: f.pct(sim.probabilityOfIncrease) })}</b>
        {' · '}
        {t('attr.tw.relative', {
          value: f.signedPct(sim.change.relativeConversion.estimate),
          low: f.signedPct(sim.change.relativeConversion.low),
          high: f.signedPct(sim.change.relativeConversion.high),
        })}
      </p>
      <TransitionAndNotes sim={sim} />
      <p className="attr-note">
        {t('attr.tw.model', {
          journeys: fmt.int(sim.model.journeys),
          conversions: fmt.int(sim.model.conversions),
          states: fmt.int(sim.model.states),
          segments: fmt.int(sim.model.segments.length),
          draws: fmt.int(sim.draws),
        })}
      </p>
    </div>
  );
}

function SimulationResult({ body }: { body: Record<string, unknown> }) {
  const key = JSON.stringify(body);
  const result = useApi<Simulation>(key, (signal) => apiPost('/v1/twin/simulate', body, signal));
  const last = useRef<Simulation | null>(null);
  if (result.status === 'ok') last.current = result.data;
  if (result.status === 'error') return <ErrorState error={result.error} retry={result.retry} />;
  if (result.status === 'loading' && !last.current) return <Loading />;
  return <SimulationView sim={result.status === 'ok' ? result.data : last.current!} reloading={result.status === 'loading'} />;
}

/** A state picked from the twin's list; a value from a shared link that is not in the list stays shown (the API says why). */
function StateSelect(p: { label: string; testId: string; value: string; groups: { label: string; options: { value: string; label: string }[] }[]; onPick(v: string): void }) {
  const { t } = useI18n();
  const listed = p.groups.some((g) => g.options.some((o) => o.value === p.value));
  return (
    <label>
      {p.label}
      <select value={p.value} data-testid={p.testId} onChange={(e) => p.onPick(e.target.value)}>
        <option value="">{t('twin.pick')}</option>
        {p.value && !listed && <option value={p.value}>{p.value}</option>}
        {p.groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

export function TwinSection({ query, set }: { query: AttributionQuery; set(q: Partial<AttributionQuery>): void }) {
  const { t, fmt } = useI18n();
  const f = useAttrFormat();
  const states = useTwinStates(query);
  // The slider reaches the URL after a pause; the lists commit on a pick.
  const [factor, setFactor] = useState(query.factor);
  useEffect(() => setFactor(query.factor), [query.factor]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onFactor = (v: number) => {
    const next = clampFactor(v);
    setFactor(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ factor: next }), DEBOUNCE_MS);
  };
  const list = states.status === 'ok' ? states.data : null;
  const stateOptions = (list?.states ?? []).map((s) => ({ value: s.name, label: t('twin.state', { name: s.name, visits: fmt.int(s.visits) }) }));
  const events = list?.conversionEvents ?? [];
  const targetOptions = [
    { value: '(conversion)', label: events.length ? t('twin.target.conversion', { events: events.join(', ') }) : t('twin.target.conversionAny') },
    { value: '(null)', label: t('twin.target.null') },
  ];
  const fromGroups = [{ label: t('twin.states'), options: [{ value: '(start)', label: '(start)' }, ...stateOptions] }];
  const toGroups = [
    { label: t('twin.targets'), options: targetOptions },
    { label: t('twin.states'), options: stateOptions },
  ];
  const body = twinRequest(query);

  return (
    <section className="attr-card" aria-labelledby="attr-tw-h">
      <h2 id="attr-tw-h">{t('attr.tw.title')}</h2>
      <p className="attr-note">{t('attr.tw.intro')}</p>
      {states.status === 'error' && <ErrorState error={states.error} retry={states.retry} />}
      <form className="filters tw-form" onSubmit={(e) => e.preventDefault()} aria-busy={states.status === 'loading'} data-testid={list ? 'attr-tw-states-ready' : undefined}>
        <StateSelect label={t('attr.tw.from')} testId="attr-tw-from" value={query.from} groups={fromGroups} onPick={(v) => set({ from: v })} />
        <StateSelect label={t('attr.tw.to')} testId="attr-tw-to" value={query.to} groups={toGroups} onPick={(v) => set({ to: v })} />
        <label className="slider">
          {t('attr.tw.factor', { factor: f.n2(factor) })}
          <input
            type="range"
            min={FACTOR_MIN}
            max={FACTOR_MAX}
            step={0.05}
            value={factor}
            data-testid="attr-tw-factor"
            aria-valuetext={`×${f.n2(factor)}`}
            onChange={(e) => onFactor(Number(e.target.value))}
          />
        </label>
        <label>
          {t('attr.tw.remove')}
          <select value={query.remove} data-testid="attr-tw-remove" onChange={(e) => set({ remove: e.target.value })}>
            <option value="">{t('attr.tw.remove.none')}</option>
            {query.remove && !stateOptions.some((o) => o.value === query.remove) && <option value={query.remove}>{query.remove}</option>}
            {stateOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {query.remove && (
          <label>
            {t('attr.tw.redirect')}
            <select value={query.redirect} onChange={(e) => set({ redirect: e.target.value as AttributionQuery['redirect'] })}>
              {REDIRECTS.map((r) => (
                <option key={r} value={r}>
                  {t(`attr.tw.redirect.${r}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      {list && (
        <p className="attr-note" data-testid="attr-tw-states-info">
          {t('twin.statesInfo', { states: fmt.int(list.states.length), journeys: fmt.int(list.journeys) })}
        </p>
      )}
      {body ? <SimulationResult body={body} /> : <p className="state">{t('twin.need')}</p>}
    </section>
  );
}
