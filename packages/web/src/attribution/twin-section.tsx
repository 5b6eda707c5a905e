import { useEffect, useRef, useState } from 'react';
import type { AttributionResult, TwinSimulation } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { clampFactor, FACTOR_MAX, FACTOR_MIN, REDIRECTS, stateNamesRequest, twinRequest, type AttributionQuery } from './attribution-query.js';
import { useAttrFormat } from './format.js';
import { TwinTable } from '../components/twin-table.js';

type Simulation = TwinSimulation & { model: { journeys: number; conversions: number; states: number; segments: Array<string | null> } };

const TARGETS = ['(conversion)', '(null)'];
/** Slider changes reach the URL (and the API) after the hand has rested this long. */
const DEBOUNCE_MS = 350;

/** The twin's state names: the event labels of the same journeys (the twin is fitted by event). */
function useStateNames(query: AttributionQuery): string[] {
  const body = stateNamesRequest(query);
  const r = useApi<AttributionResult>(JSON.stringify(body), (signal) => apiPost('/v1/attribution', body, signal));
  return r.status === 'ok' ? r.data.rows.map((row) => row.name).filter((n) => n !== '') : [];
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

/** A state name typed or picked from a list; committed on a known name, Enter or blur. */
function StateInput(p: { label: string; list: string; testId: string; value: string; known: ReadonlySet<string>; onEdit(v: string): void; onCommit(v: string): void }) {
  return (
    <label>
      {p.label}
      <input
        list={p.list}
        value={p.value}
        data-testid={p.testId}
        onChange={(e) => {
          p.onEdit(e.target.value);
          if (p.known.has(e.target.value)) p.onCommit(e.target.value);
        }}
        onBlur={(e) => p.onCommit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && p.onCommit(e.currentTarget.value)}
      />
    </label>
  );
}

export function TwinSection({ query, set }: { query: AttributionQuery; set(q: Partial<AttributionQuery>): void }) {
  const { t } = useI18n();
  const f = useAttrFormat();
  const names = useStateNames(query);
  // Local form state; text fields commit on Enter, blur or a pick from the list, the slider after a pause.
  const [from, setFrom] = useState(query.from);
  const [to, setTo] = useState(query.to);
  const [factor, setFactor] = useState(query.factor);
  useEffect(() => setFrom(query.from), [query.from]);
  useEffect(() => setTo(query.to), [query.to]);
  useEffect(() => setFactor(query.factor), [query.factor]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onFactor = (v: number) => {
    const next = clampFactor(v);
    setFactor(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ factor: next }), DEBOUNCE_MS);
  };
  const known = new Set([...names, ...TARGETS]);
  const commitFrom = (v: string) => v.trim() !== query.from && set({ from: v.trim() });
  const commitTo = (v: string) => v.trim() !== query.to && set({ to: v.trim() });
  const body = twinRequest(query);

  return (
    <section className="attr-card" aria-labelledby="attr-tw-h">
      <h2 id="attr-tw-h">{t('attr.tw.title')}</h2>
      <p className="attr-note">{t('attr.tw.intro')}</p>
      <form className="filters tw-form" onSubmit={(e) => e.preventDefault()}>
        <datalist id="attr-tw-states">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <datalist id="attr-tw-targets">
          {[...TARGETS, ...names].map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <StateInput label={t('attr.tw.from')} list="attr-tw-states" testId="attr-tw-from" value={from} known={known} onEdit={setFrom} onCommit={commitFrom} />
        <StateInput label={t('attr.tw.to')} list="attr-tw-targets" testId="attr-tw-to" value={to} known={known} onEdit={setTo} onCommit={commitTo} />
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
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
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
      {body ? <SimulationResult body={body} /> : <p className="state">{t('attr.tw.need')}</p>}
    </section>
  );
}
