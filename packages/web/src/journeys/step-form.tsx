import { useEffect, useId, useState } from 'react';
import { MESSAGE_CHANNELS, WEEKDAYS, type JourneyDefinition, type JourneyStep } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { CheckField, JsonField, NumberField, SelectField, TargetField, TextArea, TextField } from './form-fields.js';
import { renameStep, setStepField } from './journey-graph.js';

type Path = Array<string | number>;
interface Props {
  def: JourneyDefinition;
  step: JourneyStep;
  /** Issues of this step keyed by the field path below it (`next`, `branches.0.next`; '' for the step). */
  issues: Map<string, string[]>;
  onChange(def: JourneyDefinition): void;
  onRename(id: string): void;
  onDelete(): void;
  readOnly: boolean;
}

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** The side panel's form for the selected step: its fields by type, each with the issues at its path. */
export function StepForm({ def, step, issues, onChange, onRename, onDelete, readOnly }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const at = (...p: Path) => issues.get(p.join('.'));
  const set = (field: Path, value: unknown) => onChange(setStepField(def, step.id, field, value));
  const text = (field: Path, label: string, value: string, testId?: string) => <TextField label={label} value={value} onChange={(v) => set(field, v)} issues={at(...field)} testId={testId ?? `step-field-${field.join('-')}`} />;
  const target = (field: Path, label: string, value: string | null, nullable = true) => (
    <TargetField label={label} value={value} onChange={(v) => set(field, v)} listId={listId} nullable={nullable} issues={at(...field)} testId={`step-field-${field.join('-')}`} />
  );
  const whole = [...(issues.get('') ?? []), ...(issues.get('type') ?? [])];
  return (
    <fieldset className="step-form" disabled={readOnly} data-testid="step-form" data-step-id={step.id}>
      <legend>{t('jb.form.title', { type: t(`jb.type.${step.type}`) })}</legend>
      <datalist id={listId}>
        {def.steps.filter((s) => s.id !== step.id).map((s) => (
          <option key={s.id} value={s.id} />
        ))}
      </datalist>
      {whole.length > 0 && (
        <p className="error" data-testid="field-issue">
          {whole.join(' · ')}
        </p>
      )}
      <IdField def={def} id={step.id} issues={at('id')} onRename={(to) => {
        onChange(renameStep(def, step.id, to));
        onRename(to);
      }} />
      {text(['label'], t('jb.form.label'), step.label ?? '')}
      {step.type === 'wait' && (
        <>
          {text(['duration'], t('jb.form.duration'), step.duration)}
          {target(['next'], t('jb.form.next'), step.next)}
        </>
      )}
      {step.type === 'waitForEvent' && (
        <>
          {text(['event'], t('jb.form.event'), step.event)}
          <CheckField label={t('jb.form.correlated')} checked={step.correlated} onChange={(v) => set(['correlated'], v)} testId="step-field-correlated" />
          {text(['timeout'], t('jb.form.timeout'), step.timeout)}
          <JsonField label={t('jb.form.where')} value={step.where} onChange={(v) => set(['where'], v)} issues={at('where')} testId="step-field-where" />
          {target(['next'], t('jb.form.onEvent'), step.next)}
          {target(['onTimeout'], t('jb.form.onTimeout'), step.onTimeout)}
        </>
      )}
      {step.type === 'waitForWindow' && (
        <>
          {text(['start'], t('jb.form.windowStart'), step.start)}
          {text(['end'], t('jb.form.windowEnd'), step.end)}
          <Days value={step.days} onChange={(v) => set(['days'], v)} issues={at('days')} />
          {text(['timeZone'], t('jb.form.timeZone'), step.timeZone)}
          {target(['next'], t('jb.form.next'), step.next)}
        </>
      )}
      {step.type === 'branch' && (
        <>
          {step.branches.map((b, k) => (
            <fieldset key={k} className="sub" data-testid="branch-item">
              <legend>{t('jb.form.branchN', { n: k + 1 })}</legend>
              {text(['branches', k, 'label'], t('jb.form.label'), b.label ?? '')}
              <JsonField label={t('jb.form.when')} value={b.when} onChange={(v) => set(['branches', k, 'when'], v)} issues={at('branches', k, 'when')} testId={`step-field-branches-${k}-when`} />
              {target(['branches', k, 'next'], t('jb.form.next'), b.next)}
              {step.branches.length > 1 && (
                <button type="button" className="tm-button" onClick={() => set(['branches'], step.branches.filter((_, i) => i !== k))}>
                  {t('jb.form.removeBranch')}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" className="tm-button" onClick={() => set(['branches'], [...step.branches, { label: '', when: { trait: 'plan', op: 'eq', value: 'pro' }, next: null }])}>
            {t('jb.form.addBranch')}
          </button>
          {target(['otherwise'], t('jb.edge.otherwise'), step.otherwise)}
        </>
      )}
      {step.type === 'split' && (
        <>
          {text(['experiment'], t('jb.form.experiment'), step.experiment ?? '')}
          {at('variants') && <p className="error" data-testid="field-issue">{at('variants')!.join(' · ')}</p>}
          {step.variants.map((v, k) => (
            <fieldset key={k} className="sub" data-testid="variant-item">
              <legend>{t('jb.form.variantN', { n: k + 1 })}</legend>
              {text(['variants', k, 'id'], t('jb.form.variantId'), v.id)}
              <NumberField label={t('jb.form.percent')} value={v.percent} min={0} max={100} onChange={(n) => set(['variants', k, 'percent'], n)} issues={at('variants', k, 'percent')} testId={`step-field-variants-${k}-percent`} />
              {target(['variants', k, 'next'], t('jb.form.next'), v.next)}
              {step.variants.length > 1 && (
                <button type="button" className="tm-button" onClick={() => set(['variants'], step.variants.filter((_, i) => i !== k))}>
                  {t('jb.form.removeVariant')}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" className="tm-button" onClick={() => set(['variants'], [...step.variants, { id: `v${step.variants.length + 1}`, percent: 0, next: null }])}>
            {t('jb.form.addVariant')}
          </button>
          <NumberField label={t('jb.form.holdout')} value={step.holdout} min={0} max={100} onChange={(n) => set(['holdout'], n)} issues={at('holdout')} testId="step-field-holdout" />
        </>
      )}
      {step.type === 'send' && (
        <>
          <SelectField label={t('jb.form.channel')} value={step.channel} onChange={(v) => set(['channel'], v)} options={MESSAGE_CHANNELS.map((c) => ({ value: c, label: t(`jb.channel.${c}`) }))} testId="step-field-channel" />
          <CheckField label={t('jb.form.transactional')} checked={step.transactional} onChange={(v) => set(['transactional'], v)} testId="step-field-transactional" />
          {(['en', 'zh'] as const).map((loc) => (
            <fieldset key={loc} className="sub">
              <legend>{t(`jb.form.locale.${loc}`)}</legend>
              <TextField
                label={t('jb.form.subject')}
                value={step.template.subject?.[loc] ?? ''}
                onChange={(v) => set(['template', 'subject'], withLocale(step.template.subject, loc, v))}
                issues={at('template', 'subject', loc)}
                testId={`step-field-subject-${loc}`}
              />
              <TextArea label={t('jb.form.body')} value={step.template.body[loc] ?? ''} rows={5} onChange={(v) => set(['template', 'body'], withLocale(step.template.body, loc, v) ?? { en: '' })} issues={at('template', 'body', loc)} testId={`step-field-body-${loc}`} />
            </fieldset>
          ))}
          {target(['next'], t('jb.form.next'), step.next)}
        </>
      )}
      {step.type === 'webhook' && (
        <>
          {text(['url'], t('jb.form.url'), step.url)}
          <JsonField label={t('jb.form.webhookBody')} value={step.body} optional onChange={(v) => set(['body'], v)} issues={at('body')} testId="step-field-body" rows={4} />
          {target(['next'], t('jb.form.next'), step.next)}
        </>
      )}
      {step.type === 'task' && (
        <>
          {text(['title'], t('jb.form.taskTitle'), step.title)}
          <SelectField label={t('jb.form.priority')} value={step.priority} onChange={(v) => set(['priority'], v)} options={PRIORITIES.map((p) => ({ value: p, label: t(`jb.priority.${p}`) }))} testId="step-field-priority" />
          {text(['owner'], t('jb.form.owner'), step.owner ?? '')}
          {text(['due'], t('jb.form.due'), step.due)}
          {target(['next'], t('jb.form.next'), step.next)}
        </>
      )}
      {step.type === 'setTrait' && (
        <>
          {text(['trait'], t('jb.form.trait'), step.trait)}
          <JsonField label={t('jb.form.value')} value={step.value} onChange={(v) => set(['value'], v)} issues={at('value')} testId="step-field-value" rows={1} hint={t('jb.form.valueHint')} />
          {target(['next'], t('jb.form.next'), step.next)}
        </>
      )}
      {step.type === 'loop' && (
        <>
          <NumberField label={t('jb.form.times')} value={step.times} min={1} max={100} step={1} onChange={(n) => set(['times'], n)} issues={at('times')} testId="step-field-times" />
          {target(['body'], t('jb.edge.body'), step.body, false)}
          {target(['then'], t('jb.edge.then'), step.then)}
        </>
      )}
      <button type="button" className="tm-button danger" onClick={onDelete} data-testid="step-delete">
        {t('jb.form.delete')}
      </button>
    </fieldset>
  );
}

/** A template's text per locale with one locale set (an empty non-`en` locale is dropped; `en` stays, as required). */
function withLocale<T extends { en: string } & Record<string, string>>(current: T | undefined, loc: string, value: string): T | undefined {
  const next: Record<string, string> = { ...(current ?? { en: '' }) };
  if (value === '' && loc !== 'en') delete next[loc];
  else next[loc] = value;
  if (!current && loc !== 'en' && value === '') return undefined;
  return next as T;
}

function Days({ value, onChange, issues }: { value: readonly string[]; onChange(v: string[]): void; issues: readonly string[] | undefined }) {
  const { t } = useI18n();
  return (
    <fieldset className="sub days">
      <legend>{t('jb.form.days')}</legend>
      {WEEKDAYS.map((d) => (
        <label key={d}>
          <input type="checkbox" checked={value.includes(d)} onChange={(e) => onChange(e.target.checked ? WEEKDAYS.filter((w) => w === d || value.includes(w)) : value.filter((w) => w !== d))} />
          {t(`jb.day.${d}`)}
        </label>
      ))}
      {issues && <span className="field-issues">{issues.join(' · ')}</span>}
    </fieldset>
  );
}

/** The step id, renamed when the field is left (every edge to it follows); an id in use is refused. */
function IdField({ def, id, issues, onRename }: { def: JourneyDefinition; id: string; issues: string[] | undefined; onRename(to: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(id);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(id);
    setError(null);
  }, [id]);
  const commit = () => {
    const to = text.trim();
    if (to === id) return;
    if (def.steps.some((s) => s.id === to)) return setError(t('jb.form.idUsed', { id: to }));
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(to)) return setError(t('jb.form.idInvalid'));
    setError(null);
    onRename(to);
  };
  return (
    <div onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()}>
      <TextField label={t('jb.form.id')} value={text} onChange={setText} issues={[...(error ? [error] : []), ...(issues ?? [])]} testId="step-field-id" />
    </div>
  );
}
