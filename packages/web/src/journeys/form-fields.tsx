import { useEffect, useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { parseJson } from './journey-templates.js';

/** Messages about a field (validation issues at its path), read out with the field. */
function FieldIssues({ id, issues }: { id: string; issues: readonly string[] }) {
  if (issues.length === 0) return null;
  return (
    <span className="field-issues" id={id} data-testid="field-issue">
      {issues.join(' · ')}
    </span>
  );
}

interface Base {
  label: string;
  issues?: readonly string[] | undefined;
  testId?: string;
  hint?: ReactNode;
}

function Shell({ label, issues = [], hint, children }: Base & { children: (ids: { input: string; described: string | undefined; invalid: boolean }) => ReactNode }) {
  const input = useId();
  const issueId = useId();
  const hintId = useId();
  const described = [issues.length ? issueId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={input}>{label}</label>
      {children({ input, described, invalid: issues.length > 0 })}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
      <FieldIssues id={issueId} issues={issues} />
    </div>
  );
}

export function TextField({ value, onChange, list, placeholder, ...base }: Base & { value: string; onChange(v: string): void; list?: string; placeholder?: string }) {
  return (
    <Shell {...base}>
      {({ input, described, invalid }) => (
        <input id={input} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={described} aria-invalid={invalid || undefined} list={list} placeholder={placeholder} data-testid={base.testId} />
      )}
    </Shell>
  );
}

export function NumberField({ value, onChange, min, max, step, ...base }: Base & { value: number; onChange(v: number): void; min?: number; max?: number; step?: number }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <Shell {...base}>
      {({ input, described, invalid }) => (
        <input
          id={input}
          type="number"
          value={text}
          min={min}
          max={max}
          step={step}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value !== '' && Number.isFinite(Number(e.target.value))) onChange(Number(e.target.value));
          }}
          aria-describedby={described}
          aria-invalid={invalid || undefined}
          data-testid={base.testId}
        />
      )}
    </Shell>
  );
}

export function SelectField<V extends string>({ value, onChange, options, ...base }: Base & { value: V; onChange(v: V): void; options: ReadonlyArray<{ value: V; label: string }> }) {
  return (
    <Shell {...base}>
      {({ input, described, invalid }) => (
        <select id={input} value={value} onChange={(e) => onChange(e.target.value as V)} aria-describedby={described} aria-invalid={invalid || undefined} data-testid={base.testId}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Shell>
  );
}

export function CheckField({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange(v: boolean): void; testId?: string }) {
  return (
    <label className="check-field">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {label}
    </label>
  );
}

export function TextArea({ value, onChange, rows = 4, ...base }: Base & { value: string; onChange(v: string): void; rows?: number }) {
  return (
    <Shell {...base}>
      {({ input, described, invalid }) => (
        <textarea id={input} value={value} rows={rows} spellCheck={false} onChange={(e) => onChange(e.target.value)} aria-describedby={described} aria-invalid={invalid || undefined} data-testid={base.testId} />
      )}
    </Shell>
  );
}

/** A JSON-valued field (conditions, filters, a webhook body): applied once it parses; `optional` lets it be emptied (undefined). */
export function JsonField({ value, onChange, optional, rows = 3, ...base }: Base & { value: unknown; onChange(v: unknown): void; optional?: boolean; rows?: number }) {
  const { t } = useI18n();
  const shown = value === undefined ? '' : JSON.stringify(value, null, 1);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(shown);
    setError(null);
  }, [shown]);
  return (
    <TextArea
      {...base}
      rows={rows}
      value={text}
      issues={[...(error ? [error] : []), ...(base.issues ?? [])]}
      onChange={(v) => {
        setText(v);
        if (optional && v.trim() === '') {
          setError(null);
          return onChange(undefined);
        }
        const p = parseJson(v);
        if (p.ok) {
          setError(null);
          onChange(p.value);
        } else setError(t('jb.json.invalid', { message: p.message }));
      }}
    />
  );
}

/** An edge's target as a field: a step id (offered from the list), empty for "the run ends here". */
export function TargetField({ value, onChange, listId, nullable = true, ...base }: Base & { value: string | null; onChange(v: string | null): void; listId: string; nullable?: boolean }) {
  const { t } = useI18n();
  return (
    <TextField
      {...base}
      value={value ?? ''}
      list={listId}
      placeholder={nullable ? t('jb.form.end') : ''}
      onChange={(v) => onChange(v.trim() === '' ? (nullable ? null : '') : v.trim())}
    />
  );
}
