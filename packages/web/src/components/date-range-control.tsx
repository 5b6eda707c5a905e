import { useState } from 'react';
import type { Change, RangeSpec, ResolvedRange } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { isDateRange, presetOf, presetSpec, PRESETS, shiftDay, type DatePreset } from './use-date-range.js';
import './date-range-control.css';

/** A resolved range in its own (the project's) time zone: "3 Nov 2026 – 2 Dec 2026 (Europe/Berlin)", `to` shown as the last day included. */
export function useRangeText(): (r: ResolvedRange) => string {
  const { t, locale } = useI18n();
  return (r) => {
    if (r.from === null && r.to === null) return t('dr.allTime', { zone: r.timeZone });
    const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: r.timeZone });
    const text = t('dr.resolved', { from: r.from ? day.format(new Date(r.from)) : '…', through: r.to ? day.format(new Date(Date.parse(r.to) - 1)) : '…', zone: r.timeZone });
    return r.complete ? text : t('dr.resolved.open', { range: text });
  };
}

/** A written range in words, for one a link brings that is not a preset ("last 14 days", "this week"). */
function useSpecText(): (spec: RangeSpec) => string {
  const { t } = useI18n();
  return (spec) => {
    if (spec.last) return t(spec.last.endsWith('w') ? 'dr.spec.weeks' : 'dr.spec.days', { n: spec.last.slice(0, -1) });
    if (spec.period) return t(`dr.spec.${spec.period}`);
    return t('dr.spec.dates', { from: spec.from ?? '…', to: spec.to ?? '…' });
  };
}

/** A UTC instant's calendar day in a zone, as a date input's value (`2026-11-05`). */
const dayIn = (iso: string, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/**
 * The one date-range control of the analysis pages: presets (last 7/30/90 days, this month,
 * last month, all time) and custom dates (native date inputs, days in the project time zone),
 * the absolute range the last answer used, and, where the page offers it, the compare toggle.
 */
export function DateRangeControl(props: {
  range: RangeSpec | null;
  onChange(r: RangeSpec | null): void;
  /** The range the shown answer used (from the API), to say what the preset meant. */
  resolved?: ResolvedRange | undefined;
  compare?: { on: boolean; set(on: boolean): void; previous?: ResolvedRange | undefined } | undefined;
}) {
  const { t } = useI18n();
  const rangeText = useRangeText();
  const specText = useSpecText();
  const { range, onChange, resolved, compare } = props;
  const preset = presetOf(range);
  const custom = preset === null && isDateRange(range);
  const [editing, setEditing] = useState(custom);
  const [from, setFrom] = useState(range?.from ?? '');
  // The second input shows the last day included; the API's `to` is the day after.
  const [through, setThrough] = useState(range?.to ? shiftDay(range.to, -1) : '');
  const value = editing || custom ? 'custom' : (preset ?? 'other');
  const badDates = from !== '' && through !== '' && from > through;
  const apply = () => {
    if (badDates || (from === '' && through === '')) return;
    onChange({ ...(from ? { from } : {}), ...(through ? { to: shiftDay(through, 1) } : {}) });
  };
  return (
    <fieldset className="date-range" data-testid="date-range">
      <legend className="visually-hidden">{t('dr.label')}</legend>
      <label>
        {t('dr.label')}
        <select
          data-testid="date-range-preset"
          value={value}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'custom') {
              // Start from the days the current answer covers, in the project time zone.
              if (resolved?.from && !from) setFrom(dayIn(resolved.from, resolved.timeZone));
              if (resolved?.to && !through) setThrough(dayIn(new Date(Date.parse(resolved.to) - 1).toISOString(), resolved.timeZone));
              return setEditing(true);
            }
            setEditing(false);
            if ((PRESETS as readonly string[]).includes(v)) onChange(presetSpec(v as DatePreset));
          }}
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`dr.preset.${p}`)}
            </option>
          ))}
          <option value="custom">{t('dr.preset.custom')}</option>
          {value === 'other' && <option value="other">{t('dr.preset.other', { range: range ? specText(range) : '' })}</option>}
        </select>
      </label>
      {value === 'custom' && (
        <>
          <label>
            {t('dr.from')}
            <input type="date" data-testid="date-range-from" value={from} max={through || undefined} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('dr.through')}
            <input type="date" data-testid="date-range-through" value={through} min={from || undefined} onChange={(e) => setThrough(e.target.value)} />
          </label>
          <button type="button" data-testid="date-range-apply" onClick={apply} disabled={badDates || (from === '' && through === '')}>
            {t('dr.apply')}
          </button>
          {badDates && (
            <span role="alert" className="date-range-error">
              {t('dr.badDates')}
            </span>
          )}
        </>
      )}
      {compare && (
        <label className="date-range-compare">
          <input type="checkbox" data-testid="date-range-compare" checked={compare.on} disabled={range === null} onChange={(e) => compare.set(e.target.checked)} />
          {t('dr.compare')}
        </label>
      )}
      {resolved && (
        <p className="date-range-resolved" data-testid="date-range-resolved" data-from={resolved.from ?? ''} data-to={resolved.to ?? ''}>
          {rangeText(resolved)}
          {compare?.on && compare.previous && <span data-testid="date-range-previous"> · {t('dr.compare.previous', { range: rangeText(compare.previous) })}</span>}
        </p>
      )}
    </fieldset>
  );
}

/** A number's change from the previous period, shown beside it: "+12 (+4%) vs previous period". */
export function ChangeBadge({ change, rate = false, decimal = false, compact = false, testId }: { change: Change | undefined; rate?: boolean; decimal?: boolean; compact?: boolean; testId?: string }) {
  const { t, fmt, locale } = useI18n();
  if (!change || change.absolute === null) return null;
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±');
  const pts = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const abs = rate ? `${sign(change.absolute)}${pts.format(Math.abs(change.absolute * 100))} pp` : `${sign(change.absolute)}${decimal ? fmt.dec(Math.abs(change.absolute)) : fmt.int(Math.abs(change.absolute))}`;
  const rel = change.relative === null ? null : `${sign(change.relative)}${fmt.pct(Math.abs(change.relative))}`;
  const tone = change.absolute > 0 ? 'up' : change.absolute < 0 ? 'down' : 'flat';
  const full = rel === null ? t('dr.change.noRel', { abs }) : t('dr.change', { abs, rel });
  // Compact (a journey-map cell): the numbers only, the sentence for screen readers and on hover.
  return (
    <small className={`change-badge ${tone}`} data-testid={testId} data-absolute={change.absolute} data-relative={change.relative ?? ''} {...(compact ? { title: full } : {})}>
      {compact ? (
        <>
          <span aria-hidden="true">{rel === null ? abs : `${abs} (${rel})`}</span>
          <span className="visually-hidden">{full}</span>
        </>
      ) : (
        full
      )}
    </small>
  );
}

/** The absolute range an answer used (and the previous period's when compared), for pages whose control sits apart from the answer. */
export function ResolvedRangeLine({ resolved, previous }: { resolved: ResolvedRange; previous?: ResolvedRange | undefined }) {
  const { t } = useI18n();
  const rangeText = useRangeText();
  return (
    <p className="date-range-resolved" data-testid="date-range-resolved" data-from={resolved.from ?? ''} data-to={resolved.to ?? ''}>
      {rangeText(resolved)}
      {previous && <span data-testid="date-range-previous"> · {t('dr.compare.previous', { range: rangeText(previous) })}</span>}
    </p>
  );
}
