import { useMemo, useState, type FormEvent } from 'react';
import type { TwinSimulation } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { TwinTable } from '../components/twin-table.js';
import { useI18n } from '../i18n/i18n.js';
import { FACTOR_MAX, FACTOR_MIN, TWIN_CONVERSION, type ManualChange, type PlanIntervention, type PlannedPin } from './future-plan.js';

type Simulation = TwinSimulation & { model: { journeys: number; conversions: number; states: number; segments: Array<string | null> } };
export interface InterventionList {
  journeys: number;
  interventions: PlanIntervention[];
}

/** Number formats of the projection (Intl, in the UI locale): signed changes and percentage points. */
export function useFutureFormat() {
  const { locale, t } = useI18n();
  return useMemo(() => {
    const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const n2 = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const sInt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
    const sN1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    const sN2 = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    return {
      int: (v: number) => int.format(v),
      n2: (v: number) => n2.format(v),
      pct: (v: number) => pct.format(v),
      signedInt: (v: number) => sInt.format(v),
      signedN2: (v: number) => sN2.format(v),
      /** A change of a rate in percentage points: 0.0317 → "+3.2 pts". */
      points: (v: number) => t('jmf.banner.points', { value: sN1.format(v * 100) }),
    };
  }, [locale, t]);
}

/** The action of a pin in the UI language: the intervention's kind, or "FROM → TO ×factor". */
export function usePlanAction() {
  const { t } = useI18n();
  const f = useFutureFormat();
  const target = (s: string) => (s === TWIN_CONVERSION ? t('jmf.conversion') : s);
  return (p: PlannedPin): string =>
    p.intervention
      ? t(`jmf.kind.${p.intervention.kind}`, { touchpoint: p.intervention.touchpoint })
      : p.change
        ? t('jmf.manual.action', { from: p.change.from, to: target(p.change.to), factor: f.n2(p.change.factor) })
        : p.id;
}

export function useInterventionList(key: string | null, body: Record<string, unknown>) {
  return useApi<InterventionList>(key, (signal) => apiPost('/v1/interventions', body, signal));
}

/** The badge a cell shows for each change planned at it. */
export function PlannedBadges({ pins }: { pins: PlannedPin[] }) {
  const { t } = useI18n();
  const action = usePlanAction();
  return (
    <ul className="planned" aria-label={t('jmf.title')}>
      {pins.map((p) => (
        <li key={p.key} className="planned-item" data-testid="cell-planned" data-plan-id={p.id} aria-label={t('jmf.badgeLabel', { action: action(p) })}>
          <span className="planned-badge">{t('jmf.badge')}</span> <span>{action(p)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Pick interventions from the ranked list and add manual changes; both go into the URL. */
export function FuturePlanner({
  list,
  ids,
  changes,
  touchpoints,
  onToggle,
  onAddChange,
  onRemoveChange,
}: {
  list: ReturnType<typeof useInterventionList>;
  ids: string[];
  changes: ManualChange[];
  touchpoints: string[];
  onToggle(id: string, on: boolean): void;
  onAddChange(c: ManualChange): void;
  onRemoveChange(index: number): void;
}) {
  const { t } = useI18n();
  const f = useFutureFormat();
  const action = usePlanAction();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(TWIN_CONVERSION);
  const [factor, setFactor] = useState('1.2');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fa = Number(factor);
    if (!from.trim() || !to.trim() || factor.trim() === '' || !(fa >= FACTOR_MIN && fa <= FACTOR_MAX)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onAddChange({ from: from.trim(), to: to.trim(), factor: fa });
  };
  const picked = new Set(ids);
  return (
    <section className="future-planner" aria-labelledby="jmf-title" data-testid="future-planner">
      <h2 id="jmf-title">{t('jmf.title')}</h2>
      <p className="hint">{t('jmf.intro')}</p>
      <div className="future-columns">
        <fieldset>
          <legend>{t('jmf.list')}</legend>
          {list.status === 'loading' && <Loading />}
          {list.status === 'error' && <ErrorState error={list.error} retry={list.retry} />}
          {list.status === 'ok' && list.data.interventions.length === 0 && <Empty text={t('jmf.list.none')} />}
          {list.status === 'ok' && list.data.interventions.length > 0 && (
            <ol className="future-list">
              {list.data.interventions.map((r) => (
                <li key={r.id} data-testid="future-intervention" data-id={r.id}>
                  <label>
                    <input type="checkbox" checked={picked.has(r.id)} onChange={(e) => onToggle(r.id, e.target.checked)} aria-label={t('jmf.pick', { action: t(`jmf.kind.${r.kind}`, { touchpoint: r.touchpoint }) })} />
                    <span>
                      <b>{t(`jmf.kind.${r.kind}`, { touchpoint: r.touchpoint })}</b>
                      <small className="sub">
                        {t('jmf.list.uplift', {
                          revenue: f.signedInt(r.uplift.revenue.estimate),
                          low: f.signedInt(r.uplift.revenue.low),
                          high: f.signedInt(r.uplift.revenue.high),
                          conversions: f.signedInt(r.uplift.conversions.estimate),
                        })}
                      </small>
                    </span>
                  </label>
                </li>
              ))}
            </ol>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('jmf.manual')}</legend>
          <form className="future-manual" onSubmit={submit} noValidate>
            <datalist id="jmf-touchpoints">
              {touchpoints.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <datalist id="jmf-targets">
              {[TWIN_CONVERSION, ...touchpoints].map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <label>
              {t('jmf.manual.from')}
              <input list="jmf-touchpoints" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="future-from" aria-invalid={invalid && !from.trim()} />
            </label>
            <label>
              {t('jmf.manual.to')}
              <input list="jmf-targets" value={to} onChange={(e) => setTo(e.target.value)} data-testid="future-to" aria-invalid={invalid && !to.trim()} />
            </label>
            <label>
              {t('jmf.manual.factor')}
              <input type="number" min={FACTOR_MIN} max={FACTOR_MAX} step={0.05} value={factor} onChange={(e) => setFactor(e.target.value)} data-testid="future-factor" />
            </label>
            <button type="submit" data-testid="future-add">
              {t('jmf.manual.add')}
            </button>
            {invalid && (
              <p className="form-error" role="alert">
                {t('jmf.manual.invalid', { min: f.n2(FACTOR_MIN), max: f.n2(FACTOR_MAX) })}
              </p>
            )}
          </form>
          {changes.length > 0 && (
            <ul className="future-changes">
              {changes.map((c, i) => {
                const a = action({ key: '', source: 'manual', id: '', touchpoint: c.from, change: c });
                return (
                  <li key={`${i}:${c.from}:${c.to}:${c.factor}`} data-testid="future-change">
                    <span>{a}</span>
                    <button type="button" onClick={() => onRemoveChange(i)} aria-label={t('jmf.manual.removeLabel', { action: a })}>
                      {t('jmf.manual.remove')}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>
      </div>
    </section>
  );
}

/** Baseline vs future state from `POST /v1/twin/simulate`, each with its interval, and P(increase). */
export function ProjectionBanner({
  body,
  pending,
  planKey,
  count,
}: {
  body: Record<string, unknown> | null;
  /** The planned interventions' list is not there yet (or failed): no projection on part of the plan. */
  pending: 'loading' | 'error' | null;
  planKey: string;
  count: number;
}) {
  const { t, fmt } = useI18n();
  const f = useFutureFormat();
  const sim = useApi<Simulation>(body ? JSON.stringify(body) : null, (signal) => apiPost('/v1/twin/simulate', body, signal));
  return (
    <section className="projection" aria-labelledby="jmf-banner-h" aria-busy={body !== null && sim.status === 'loading'} data-testid="projection">
      <h2 id="jmf-banner-h">
        {t('jmf.banner')}
        {count > 0 && <span className="projection-count"> · {t('jmf.banner.changes', { n: fmt.int(count) })}</span>}
      </h2>
      {pending === 'loading' && <Loading />}
      {pending === 'error' && <Empty text={t('jmf.banner.blocked')} />}
      {body === null && pending === null && <Empty text={t('jmf.banner.none')} />}
      {body !== null && sim.status === 'loading' && <Loading />}
      {body !== null && sim.status === 'error' && <ErrorState error={sim.error} retry={sim.retry} />}
      {body !== null && sim.status === 'ok' && (
        <div data-testid="projection-ready" data-plan={planKey}>
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('jmf.banner')}>
            <TwinTable
              sim={sim.data}
              f={f}
              className="projection-table"
              headers={{ metric: t('jmf.banner.metric'), baseline: t('jmf.banner.baseline'), scenario: t('jmf.banner.future'), change: t('jmf.banner.change') }}
              metricLabel={(m) => t(`jmf.banner.${m}`)}
              interval={(low, high) => t('jmf.banner.interval', { low, high })}
              cellTestId={(column, m) => `projection-${column === 'scenario' ? 'future' : column}-${m}`}
            />
          </div>
          <p className="projection-headline">
            <b data-testid="projection-probability">{t('jmf.banner.probability', { p: f.pct(sim.data.probabilityOfIncrease) })}</b>
          </p>
          <p className="hint">
            {t('jmf.banner.model', {
              journeys: fmt.int(sim.data.model.journeys),
              conversions: fmt.int(sim.data.model.conversions),
              states: fmt.int(sim.data.model.states),
              draws: fmt.int(sim.data.draws),
            })}
          </p>
        </div>
      )}
      <p className="future-note" data-testid="future-note">
        {t('jmf.note')}
      </p>
    </section>
  );
}
