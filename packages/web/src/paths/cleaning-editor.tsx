import { useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import type { CleaningRule } from './paths-query.js';

/** Why a pattern would be refused (the server checks RE2 compatibility too); null when fine. */
function patternProblem(regex: string, matchesEmpty: string): string | null {
  try {
    if (new RegExp(regex, 'u').test('')) return matchesEmpty;
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/**
 * Cleaning rules (pattern → label) edited as a draft and applied together, so a half-typed
 * pattern never reaches the API. Remount (key) when the applied rules change.
 */
export function CleaningEditor({ rules, apply }: { rules: CleaningRule[]; apply(rules: CleaningRule[]): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<CleaningRule[]>(rules);
  const [problem, setProblem] = useState<string | null>(null);
  const edit = (i: number, change: Partial<CleaningRule>) => setDraft(draft.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <form
      className="paths-rules"
      data-testid="paths-cleaning"
      onSubmit={(e) => {
        e.preventDefault();
        const kept = draft.filter((r) => r.regex !== '');
        for (const [i, r] of kept.entries()) {
          const p = patternProblem(r.regex, t('paths.cleaning.matchesEmpty'));
          if (p) return setProblem(t('paths.cleaning.invalid', { n: i + 1, message: p }));
        }
        setProblem(null);
        apply(kept);
      }}
    >
      <fieldset>
        <legend>{t('paths.cleaning')}</legend>
        <p className="help">{t('paths.cleaning.help')}</p>
        {draft.length === 0 && <p className="help">{t('paths.cleaning.none')}</p>}
        {draft.map((r, i) => (
          <div className="rule-row" key={i}>
            <input aria-label={t('paths.cleaning.pattern', { n: i + 1 })} value={r.regex} onChange={(e) => edit(i, { regex: e.target.value })} spellCheck={false} placeholder="^Email.*" />
            <span aria-hidden="true">→</span>
            <input aria-label={t('paths.cleaning.label', { n: i + 1 })} value={r.label} onChange={(e) => edit(i, { label: e.target.value })} placeholder="Email" />
            <button type="button" aria-label={t('paths.cleaning.remove', { n: i + 1 })} onClick={() => setDraft(draft.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="rule-actions">
          <button type="button" onClick={() => setDraft([...draft, { regex: '', label: '' }])} disabled={draft.length >= 20}>
            {t('paths.cleaning.add')}
          </button>
          <button type="submit">{t('paths.cleaning.apply')}</button>
        </div>
      </fieldset>
    </form>
  );
}

/** Excluded step names: chips to remove, a field (suggesting the names on screen) to add. */
export function ExclusionEditor({ exclude, suggestions, set }: { exclude: string[]; suggestions: string[]; set(exclude: string[]): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      className="paths-rules"
      data-testid="paths-exclusions"
      onSubmit={(e) => {
        e.preventDefault();
        const v = text.trim();
        if (v && !exclude.includes(v)) set([...exclude, v]);
        setText('');
      }}
    >
      <fieldset>
        <legend>{t('paths.exclude')}</legend>
        <p className="help">{t('paths.exclude.help')}</p>
        <div className="chips">
          {exclude.length === 0 && <span className="help">{t('paths.exclude.none')}</span>}
          {exclude.map((x) => (
            <button type="button" className="chip" key={x} aria-label={t('paths.exclude.remove', { label: x })} onClick={() => set(exclude.filter((y) => y !== x))}>
              {x} <span aria-hidden="true">×</span>
            </button>
          ))}
        </div>
        <div className="rule-row">
          <input list="paths-step-names" aria-label={t('paths.exclude.input')} value={text} onChange={(e) => setText(e.target.value)} data-testid="paths-exclude-input" />
          <datalist id="paths-step-names">
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <button type="submit">{t('paths.exclude.add')}</button>
        </div>
      </fieldset>
    </form>
  );
}
