import { useRef, useState } from 'react';
import { CsvTable } from '../components/csv-download.js';
import type { EffectParam, RankedIntervention } from '@trailmap/core';
import { apiPost, ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { resetEstimate, saveEstimate } from './api.js';
import { scoreRequest, type AttributionQuery } from './attribution-query.js';
import { useAttrFormat } from './format.js';
import { useMoney } from '../api/use-project.js';

interface InterventionsResult {
  journeys: number;
  interventions: RankedIntervention[];
}

/** The rule's evidence, in the UI language (the API's `reason` is English text). */
function useReason() {
  const { t } = useI18n();
  const f = useAttrFormat();
  return (r: RankedIntervention) => {
    const e = r.evidence;
    const num = (k: string) => (typeof e[k] === 'number' ? (e[k] as number) : null);
    const sentiment = num('sentiment');
    return t(`attr.reason.${r.kind}`, {
      dropOff: f.pct(num('dropOff')),
      reach: f.int(num('reach') ?? 0),
      sentiment: sentiment === null ? t('attr.comp.none') : f.n2(sentiment),
      csat: num('csat') === null ? t('attr.comp.none') : f.pct(num('csat')),
    });
  };
}

/** The effect parameters shown for a row, in a fixed order (the API sends only those of its kind). */
const PARAM_ORDER: readonly EffectParam[] = ['share', 'reach', 'lift'];
const paramsOf = (r: RankedIntervention) => PARAM_ORDER.filter((k) => r.params[k] !== undefined);
/** share and lift may be 0; reach must be above 0 (the new touchpoint has to be reached). */
const validParam = (k: EffectParam, v: number) => (k === 'reach' ? v > 0 : v >= 0) && v <= 1;
/** A key that changes whenever the API's numbers for a row do (so the inputs start from them). */
const rowKey = (r: RankedIntervention) => `${r.id}:${r.feasibility}:${r.cost}:${paramsOf(r).map((k) => r.params[k]).join(':')}`;

/** What the twin simulates, in the UI language, from the row's numbers. */
function useEffectText() {
  const { t } = useI18n();
  const f = useAttrFormat();
  return (r: RankedIntervention) =>
    t(`attr.effect.${r.kind}`, {
      share: f.pct(r.params.share ?? null),
      reach: f.pct(r.params.reach ?? null),
      lift: f.n1((r.params.lift ?? 0) * 100),
    });
}

function InterventionRow({ r, busy, onChanged }: { r: RankedIntervention; busy: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const f = useAttrFormat();
  const { signedMoney } = useMoney();
  const reason = useReason();
  const effectText = useEffectText();
  const [feasibility, setFeasibility] = useState(String(r.feasibility));
  const [cost, setCost] = useState(String(r.cost));
  const params = paramsOf(r);
  const [effect, setEffect] = useState<Partial<Record<EffectParam, string>>>(() => Object.fromEntries(params.map((k) => [k, String(r.params[k])])));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = t(`attr.kind.${r.kind}`, { touchpoint: r.touchpoint });
  const user = r.source.feasibility === 'user' || r.source.cost === 'user' || r.source.effect === 'user';

  const run = async (call: () => Promise<unknown>) => {
    setSaving(true);
    setError(null);
    try {
      await call();
      onChanged();
    } catch (e) {
      setError(t('attr.iv.failed', { message: e instanceof ApiFailure ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };
  const save = () => {
    const fe = Number(feasibility);
    const co = Number(cost);
    if (feasibility.trim() === '' || cost.trim() === '' || !(fe >= 0 && fe <= 1) || !(co > 0)) {
      setError(t('attr.iv.invalid'));
      return;
    }
    // Only what was edited is sent, so saving a share does not turn the default cost into "yours" (and the reverse).
    const changed: { feasibility?: number; cost?: number } & Partial<Record<EffectParam, number>> = {};
    if (fe !== r.feasibility) changed.feasibility = fe;
    if (co !== r.cost) changed.cost = co;
    for (const k of params) {
      const text = (effect[k] ?? '').trim();
      const v = Number(text);
      if (text === '' || !validParam(k, v)) {
        setError(t('attr.iv.invalidEffect', { param: t(`attr.iv.param.${k}`) }));
        return;
      }
      if (v !== r.params[k]) changed[k] = v;
    }
    void run(() => saveEstimate(r.id, changed));
  };
  const disabled = busy || saving;

  return (
    <tr data-testid="attr-iv-row" data-id={r.id} data-rank={r.rank} className={user ? 'user' : undefined}>
      <td className="num">{f.int(r.rank)}</td>
      <th scope="row">
        {action}
        <small className="sub">{user ? t('attr.iv.yours') : t('attr.iv.default')}</small>
      </th>
      <td className="why">
        {reason(r)}
        <small className="sub" data-testid="attr-iv-effect">
          {effectText(r)}
        </small>
      </td>
      <td className="num" data-testid="attr-iv-revenue">
        {signedMoney(r.uplift.revenue.estimate)}
        <small className="sub">{t('attr.tw.interval', { low: signedMoney(r.uplift.revenue.low), high: signedMoney(r.uplift.revenue.high) })}</small>
      </td>
      <td className="num">
        {f.signedN2(r.uplift.conversions.estimate)}
        <small className="sub">{t('attr.tw.interval', { low: f.signedN2(r.uplift.conversions.low), high: f.signedN2(r.uplift.conversions.high) })}</small>
      </td>
      <td>
        <input
          type="number"
          className="small-input"
          min={0}
          max={1}
          step={0.05}
          value={feasibility}
          aria-label={t('attr.iv.feasibilityLabel', { action })}
          data-testid="attr-iv-feasibility"
          disabled={disabled}
          onChange={(e) => setFeasibility(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
      </td>
      <td>
        <input
          type="number"
          className="small-input"
          min={0}
          step={1000}
          value={cost}
          aria-label={t('attr.iv.costLabel', { action })}
          data-testid="attr-iv-cost"
          disabled={disabled}
          onChange={(e) => setCost(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
      </td>
      <td className="effect" data-source={r.source.effect}>
        {params.map((k) => (
          <label key={k} className="param" style={{ display: 'block' }}>
            <span className="sub" style={{ display: 'block' }}>
              {t(`attr.iv.param.${k}`)}
            </span>
            <input
              type="number"
              className="small-input"
              min={k === 'reach' ? 0.01 : 0}
              max={1}
              step={k === 'lift' ? 0.01 : 0.05}
              value={effect[k] ?? ''}
              aria-label={t(`attr.iv.paramLabel.${k}`, { action })}
              data-testid={`attr-iv-${k}`}
              disabled={disabled}
              onChange={(e) => setEffect((cur) => ({ ...cur, [k]: e.target.value }))}
              onKeyDown={(e) => e.key === 'Enter' && save()}
            />
          </label>
        ))}
      </td>
      <td className="num" data-testid="attr-iv-roi">
        {f.n3(r.roi)}
        <small className="sub">{t('attr.iv.roiLow', { v: f.n3(r.roiLow) })}</small>
      </td>
      <td className="actions">
        <button type="button" onClick={save} disabled={disabled} aria-label={t('attr.iv.saveLabel', { action })} data-testid="attr-iv-save">
          {t('attr.iv.save')}
        </button>
        <button type="button" onClick={() => void run(() => resetEstimate(r.id))} disabled={disabled || !user} aria-label={t('attr.iv.resetLabel', { action })} data-testid="attr-iv-reset">
          {t('attr.iv.reset')}
        </button>
        {saving && (
          <span role="status" className="sub">
            {t('attr.iv.saving')}
          </span>
        )}
        {error && (
          <span role="alert" className="error sub">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

export function InterventionsSection({ query }: { query: AttributionQuery }) {
  const { t, fmt } = useI18n();
  const body = scoreRequest(query);
  const result = useApi<InterventionsResult>(JSON.stringify(body), (signal) => apiPost('/v1/interventions', body, signal));
  // While the list re-ranks after a save, the previous ranking stays on screen (inputs disabled).
  const last = useRef<{ key: string; data: InterventionsResult } | null>(null);
  const key = JSON.stringify(body);
  if (result.status === 'ok') last.current = { key, data: result.data };
  const shown = result.status === 'ok' ? result.data : last.current?.key === key ? last.current.data : null;
  const reloading = result.status === 'loading' && shown !== null;

  return (
    <section className="attr-card" aria-labelledby="attr-iv-h">
      <h2 id="attr-iv-h">{t('attr.iv.title')}</h2>
      {result.status === 'loading' && !shown && <Loading />}
      {result.status === 'error' && <ErrorState error={result.error} retry={result.retry} />}
      {shown && result.status !== 'error' && (
        <div data-testid={reloading ? 'attr-iv-reloading' : 'attr-iv-ready'} aria-busy={reloading}>
          <p className="attr-note">{t('attr.iv.intro', { journeys: fmt.int(shown.journeys) })}</p>
          {reloading && (
            <p className="state" role="status">
              {t('attr.tw.updating')}
            </p>
          )}
          {shown.interventions.length === 0 ? (
            <Empty text={t('attr.iv.empty')} />
          ) : (
            <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('attr.iv.table')}>
              <CsvTable name={t('attr.iv.table')}>
              <table className="attr-table interventions" data-testid="attr-iv-table">
                <caption>{t('attr.iv.table')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('attr.iv.rank')}
                    </th>
                    <th scope="col">{t('attr.iv.action')}</th>
                    <th scope="col">{t('attr.iv.why')}</th>
                    <th scope="col" className="num">
                      {t('attr.iv.revenue')}
                    </th>
                    <th scope="col" className="num">
                      {t('attr.iv.conversions')}
                    </th>
                    <th scope="col">{t('attr.iv.feasibility')}</th>
                    <th scope="col">{t('attr.iv.cost')}</th>
                    <th scope="col">{t('attr.iv.effectCol')}</th>
                    <th scope="col" className="num">
                      {t('attr.iv.roi')}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t('attr.iv.save')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.interventions.map((r) => (
                    <InterventionRow key={rowKey(r)} r={r} busy={reloading} onChanged={result.retry} />
                  ))}
                </tbody>
              </table>
              </CsvTable>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
