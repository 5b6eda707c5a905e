/**
 * A labelled select of fixed choices (an enum or a list of numbers): each option's value is the
 * choice as text, its text `optionLabel(choice)`, and `onChange` gets the choice back, typed.
 */
export function ChoiceSelect<V extends string | number>(props: {
  label: string;
  choices: readonly V[];
  value: V;
  optionLabel(choice: V): string;
  onChange(choice: V): void;
  testId?: string;
  className?: string;
}) {
  const { label, choices, value, optionLabel, onChange, testId, className } = props;
  return (
    <label>
      {label}
      <select
        data-testid={testId}
        className={className}
        value={value}
        onChange={(e) => {
          const picked = choices.find((c) => String(c) === e.target.value);
          if (picked !== undefined) onChange(picked);
        }}
      >
        {choices.map((c) => (
          <option key={c} value={c}>
            {optionLabel(c)}
          </option>
        ))}
      </select>
    </label>
  );
}
