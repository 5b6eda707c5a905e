import { WEEKDAYS, type JourneyDefinition, type JourneyTrigger } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { CheckField, JsonField, NumberField, SelectField, TextField } from './form-fields.js';
import type { Issue } from './journey-validation.js';
import { pathText } from './journey-validation.js';

const TRIGGER_TYPES = ['event', 'segment', 'schedule', 'dateTrait'] as const;

/** A trigger of a type with the schema's defaults (what switching the type starts from). */
function newTrigger(type: JourneyTrigger['type'], event: string): JourneyTrigger {
  switch (type) {
    case 'event':
      return { type, event, where: [] };
    case 'segment':
      return { type, segment: '', on: 'entry' };
    case 'schedule':
      return { type, at: '09:00', days: [...WEEKDAYS], timeZone: 'UTC', segment: '' };
    case 'dateTrait':
      return { type, trait: 'birthday', offset: '0d', annual: true, at: '09:00', timeZone: 'person' };
  }
}

/** The journey itself, shown when the trigger is selected: name, trigger, goal, re-entry and the cap. */
export function SettingsForm({ def, issues, onChange, readOnly }: { def: JourneyDefinition; issues: readonly Issue[]; onChange(def: JourneyDefinition): void; readOnly: boolean }) {
  const { t } = useI18n();
  const at = (p: string) => {
    const found = issues.filter((i) => pathText(i.path) === p).map((i) => i.message);
    return found.length ? found : undefined;
  };
  const tr = def.trigger;
  const setTrigger = (patch: Partial<JourneyTrigger>) => onChange({ ...def, trigger: { ...tr, ...patch } as JourneyTrigger });
  return (
    <fieldset className="step-form" disabled={readOnly} data-testid="settings-form">
      <legend>{t('jb.settings.title')}</legend>
      <TextField label={t('jb.settings.name')} value={def.name} onChange={(name) => onChange({ ...def, name })} issues={at('name')} testId="settings-name" />
      <TextField label={t('jb.settings.description')} value={def.description ?? ''} onChange={(d) => onChange({ ...def, description: d || undefined })} issues={at('description')} testId="settings-description" />
      <fieldset className="sub">
        <legend>{t('jb.node.trigger')}</legend>
        <SelectField label={t('jb.settings.triggerType')} value={tr.type} onChange={(type) => onChange({ ...def, trigger: newTrigger(type, tr.type === 'event' ? tr.event : 'Signed Up') })} options={TRIGGER_TYPES.map((v) => ({ value: v, label: t(`jb.trigger.${v}`) }))} testId="trigger-type" />
        {tr.type === 'event' && (
          <>
            <TextField label={t('jb.form.event')} value={tr.event} onChange={(event) => setTrigger({ event })} issues={at('trigger.event')} testId="trigger-event" />
            <TextField label={t('jb.settings.correlate')} value={tr.correlate ?? ''} onChange={(c) => setTrigger({ correlate: c || undefined })} issues={at('trigger.correlate')} testId="trigger-correlate" />
            <JsonField label={t('jb.form.where')} value={tr.where} onChange={(where) => setTrigger({ where } as Partial<JourneyTrigger>)} issues={at('trigger.where')} testId="trigger-where" />
          </>
        )}
        {tr.type === 'segment' && (
          <>
            <TextField label={t('jb.settings.segment')} value={tr.segment} onChange={(segment) => setTrigger({ segment })} issues={at('trigger.segment')} testId="trigger-segment" />
            <SelectField label={t('jb.settings.on')} value={tr.on} onChange={(on) => setTrigger({ on })} options={(['entry', 'exit'] as const).map((v) => ({ value: v, label: t(`jb.settings.on.${v}`) }))} />
          </>
        )}
        {tr.type === 'schedule' && (
          <>
            <TextField label={t('jb.settings.segment')} value={tr.segment} onChange={(segment) => setTrigger({ segment })} issues={at('trigger.segment')} />
            <TextField label={t('jb.settings.at')} value={tr.at} onChange={(a) => setTrigger({ at: a })} issues={at('trigger.at')} />
            <TextField label={t('jb.form.timeZone')} value={tr.timeZone} onChange={(timeZone) => setTrigger({ timeZone })} issues={at('trigger.timeZone')} />
          </>
        )}
        {tr.type === 'dateTrait' && (
          <>
            <TextField label={t('jb.form.trait')} value={tr.trait} onChange={(trait) => setTrigger({ trait })} issues={at('trigger.trait')} />
            <TextField label={t('jb.settings.offset')} value={tr.offset} onChange={(offset) => setTrigger({ offset })} issues={at('trigger.offset')} />
            <CheckField label={t('jb.settings.annual')} checked={tr.annual} onChange={(annual) => setTrigger({ annual })} />
            <TextField label={t('jb.settings.at')} value={tr.at} onChange={(a) => setTrigger({ at: a })} issues={at('trigger.at')} />
            <TextField label={t('jb.form.timeZone')} value={tr.timeZone} onChange={(timeZone) => setTrigger({ timeZone })} issues={at('trigger.timeZone')} />
          </>
        )}
      </fieldset>
      <fieldset className="sub">
        <legend>{t('jb.settings.goal')}</legend>
        <CheckField
          label={t('jb.settings.hasGoal')}
          checked={def.goal !== undefined}
          onChange={(on) => onChange({ ...def, goal: on ? { event: 'Order Completed', where: [], correlated: tr.type === 'event' && !!tr.correlate, within: '7d' } : undefined })}
          testId="goal-on"
        />
        {def.goal && (
          <>
            <TextField label={t('jb.form.event')} value={def.goal.event} onChange={(event) => onChange({ ...def, goal: { ...def.goal!, event } })} issues={at('goal.event')} testId="goal-event" />
            <CheckField label={t('jb.form.correlated')} checked={def.goal.correlated} onChange={(correlated) => onChange({ ...def, goal: { ...def.goal!, correlated } })} />
            <TextField label={t('jb.settings.within')} value={def.goal.within} onChange={(within) => onChange({ ...def, goal: { ...def.goal!, within } })} issues={at('goal.within')} testId="goal-within" />
          </>
        )}
      </fieldset>
      <SelectField
        label={t('jb.settings.reentry')}
        value={def.reentry.policy}
        onChange={(policy) => onChange({ ...def, reentry: policy === 'after' ? { policy, days: 30 } : { policy } })}
        options={(['never', 'after', 'always'] as const).map((v) => ({ value: v, label: t(`jb.settings.reentry.${v}`) }))}
        testId="reentry-policy"
      />
      {def.reentry.policy === 'after' && (
        <NumberField label={t('jb.settings.reentryDays')} value={def.reentry.days} min={1} max={3650} onChange={(days) => onChange({ ...def, reentry: { policy: 'after', days } })} issues={at('reentry.days')} />
      )}
      <NumberField label={t('jb.settings.frequencyCap')} value={def.frequencyCap ?? 0} min={0} max={100} onChange={(n) => onChange({ ...def, frequencyCap: n > 0 ? n : undefined })} issues={at('frequencyCap')} hint={t('jb.settings.frequencyCapHint')} />
    </fieldset>
  );
}
