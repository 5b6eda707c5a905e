import { useEffect, useId, useState } from 'react';
import { journeyDefinitionSchema, type JourneyDefinition } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { parseJson } from './journey-templates.js';
import { pathText } from './journey-validation.js';

/** The draft as JSON, for power users: edited text is applied to the draft once it is a valid definition. */
export function JsonView({ def, onChange, readOnly }: { def: JourneyDefinition; onChange(def: JourneyDefinition): void; readOnly: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const shown = JSON.stringify(def, null, 2);
  const [text, setText] = useState(shown);
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    setText(shown);
    setErrors([]);
  }, [shown]);
  const apply = () => {
    const p = parseJson(text);
    if (!p.ok) return setErrors([t('jb.json.invalid', { message: p.message })]);
    const r = journeyDefinitionSchema.safeParse(p.value);
    if (!r.success) return setErrors(r.error.issues.map((i) => `${pathText(i.path.filter((x): x is string | number => typeof x !== 'symbol')) || '/'}: ${i.message}`));
    setErrors([]);
    onChange(r.data);
  };
  return (
    <section className="json-view" aria-labelledby={`${id}-title`} data-testid="json-view">
      <h2 id={`${id}-title`}>{t('jb.json.title')}</h2>
      <label htmlFor={id} className="subtitle">
        {t('jb.json.intro')}
      </label>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} rows={24} spellCheck={false} readOnly={readOnly} data-testid="json-text" />
      <div className="actions">
        <button type="button" className="tm-button primary" onClick={apply} disabled={readOnly || text === shown} data-testid="json-apply">
          {t('jb.json.apply')}
        </button>
        <button type="button" className="tm-button" onClick={() => setText(shown)} disabled={text === shown}>
          {t('jb.json.reset')}
        </button>
      </div>
      {errors.length > 0 && (
        <ul className="error" role="alert" data-testid="json-errors">
          {errors.map((e, k) => (
            <li key={k}>{e}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
