import type { Loadable } from '../api/use-api.js';

/**
 * A select of the catalogue's touchpoint names with a first "none/any" option. A value from a
 * shared link that is not in the catalogue still shows as selected (it is listed first).
 */
export function TouchpointSelect(props: {
  label: string;
  testId: string;
  noneLabel: string;
  value: string | null;
  names: Loadable<string[]>;
  onChange(value: string | null): void;
}) {
  const { label, testId, noneLabel, value, names, onChange } = props;
  const choices = names.status === 'ok' ? names.data : [];
  const options = value && !choices.includes(value) ? [value, ...choices] : choices;
  return (
    <label>
      {label}
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={names.status === 'loading'}>
        <option value="">{noneLabel}</option>
        {options.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
