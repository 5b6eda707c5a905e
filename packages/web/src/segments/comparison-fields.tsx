import { FILTER_OPS, type FilterOp } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { opTakesList, opTakesValue, parseValue, valueText, type ComparisonDraft, type Duration, type Names } from './rule-tree.js';

/** Every op (a trait's, a text computed trait's). */
export const ALL_OPS: readonly FilterOp[] = FILTER_OPS;
/** Numbers compare under every op but contains (which never holds for a number). */
export const NUMBER_OPS: readonly FilterOp[] = FILTER_OPS.filter((o) => o !== 'contains');
/** A unique_list compares only by whether it is set. */
export const SET_OPS: readonly FilterOp[] = ['is_set', 'is_not_set'];
/** A named value (an RFM group, a persona): equal, one of, set. */
export const CHOICE_OPS: readonly FilterOp[] = ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'];

/**
 * An op and its value. `choices` turns the value into a select (several for in / not_in);
 * `asText` keeps typed digits as text. The op shown is the draft's even when not in `ops`.
 */
export function ComparisonFields(props: {
  cmp: ComparisonDraft;
  ops: readonly FilterOp[];
  onChange(cmp: ComparisonDraft): void;
  testId: string;
  asText?: boolean;
  choices?: Array<{ value: string; label: string }>;
}) {
  const { t } = useI18n();
  const { cmp, onChange, testId, asText = false, choices } = props;
  const op = cmp.op ?? 'eq';
  const ops = props.ops.includes(op) ? props.ops : [op, ...props.ops];
  const setOp = (next: FilterOp) => {
    if (!opTakesValue(next)) return onChange({ op: next, value: undefined, text: '' });
    onChange({ op: next, value: parseValue(cmp.text, next, asText || choices !== undefined), text: cmp.text });
  };
  const setText = (text: string) => onChange({ ...cmp, text, value: parseValue(text, cmp.op, asText || choices !== undefined) });
  const list = opTakesList(cmp.op);
  const picked = cmp.value === undefined ? [] : (Array.isArray(cmp.value) ? cmp.value : [cmp.value]).map(String);
  const options = choices ? [...choices, ...picked.filter((p) => !choices.some((c) => c.value === p)).map((p) => ({ value: p, label: p }))] : [];
  return (
    <>
      <label>
        {t('seg.builder.op')}
        <select data-testid={`seg-op-${testId}`} value={op} onChange={(e) => setOp(e.target.value as FilterOp)}>
          {ops.map((o) => <option key={o} value={o}>{t(`seg.op.${o}`)}</option>)}
        </select>
      </label>
      {opTakesValue(cmp.op) && choices && (
        <label>
          {t('seg.builder.value')}
          <select
            data-testid={`seg-value-${testId}`}
            multiple={list}
            value={list ? picked : (picked[0] ?? '')}
            onChange={(e) => setText(list ? [...e.target.selectedOptions].map((o) => o.value).join(',') : e.target.value)}
          >
            {!list && <option value="">—</option>}
            {options.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </label>
      )}
      {opTakesValue(cmp.op) && !choices && (
        <label>
          {list ? t('seg.builder.values') : t('seg.builder.value')}
          <input data-testid={`seg-value-${testId}`} value={cmp.text} onChange={(e) => setText(e.target.value)} />
        </label>
      )}
    </>
  );
}

export const DURATIONS = ['7d', '30d', '90d', '365d'] as const;
const CURRENT = '__current__';

/** "Within": the preset windows, the loaded one when it is none of them (kept as it was), and `none` ("ever") when allowed. */
export function DurationSelect(props: { value: Duration | undefined; noneLabel: string | null; testId: string; onChange(d: Duration | undefined): void }) {
  const { t, fmt } = useI18n();
  const { value, noneLabel, testId, onChange } = props;
  const preset = typeof value === 'string' && (DURATIONS as readonly string[]).includes(value);
  const current = value !== undefined && !preset;
  return (
    <label>
      {t('seg.builder.within')}
      <select data-testid={`seg-within-${testId}`} value={value === undefined ? '' : preset ? String(value) : CURRENT} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === CURRENT ? value : e.target.value)}>
        {(noneLabel !== null || value === undefined) && <option value="">{noneLabel ?? '—'}</option>}
        {DURATIONS.map((d) => <option key={d} value={d}>{t(`seg.dur.${d}`)}</option>)}
        {current && <option value={CURRENT}>{typeof value === 'number' ? fmt.duration(value) : value}</option>}
      </select>
    </label>
  );
}

/** A select of names (touchpoints) where the draft's value, one name or several, is listed when the catalogue lacks it. */
export function NamesSelect(props: { label: string; noneLabel: string; value: Names | undefined; names: string[]; disabled: boolean; testId: string; onChange(v: Names | undefined): void }) {
  const { label, noneLabel, value, names, disabled, testId, onChange } = props;
  const single = typeof value === 'string' && names.includes(value);
  return (
    <label>
      {label}
      <select data-testid={testId} disabled={disabled} value={value === undefined ? '' : single ? (value as string) : CURRENT} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === CURRENT ? value : e.target.value)}>
        <option value="">{noneLabel}</option>
        {value !== undefined && !single && <option value={CURRENT}>{valueText(value)}</option>}
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </label>
  );
}
