import type { JourneyDefinition } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { issueStep, pathText, type Issue } from './journey-validation.js';

/** Every issue of the draft at its step and field; a step's issue selects the step. */
export function IssuesList({ def, issues, checking, onSelect }: { def: JourneyDefinition; issues: readonly Issue[]; checking: boolean; onSelect(stepId: string | null): void }) {
  const { t } = useI18n();
  return (
    <section className="issues" aria-labelledby="issues-title" aria-live="polite" data-testid="journey-issues" data-count={issues.length}>
      <h2 id="issues-title">{t('jb.issues.title')}</h2>
      {issues.length === 0 ? (
        <p className="ok" data-testid="journey-valid">
          {checking ? t('jb.issues.checking') : t('jb.issues.none')}
        </p>
      ) : (
        <ul>
          {issues.map((i, k) => {
            const step = issueStep(def, i);
            const where = step ? t('jb.issues.atStep', { step, field: pathText(i.path.slice(2)) || '–' }) : pathText(i.path) || t('jb.issues.journey');
            return (
              <li key={k} data-testid="journey-issue" data-step-id={step ?? ''} data-path={pathText(i.path)} data-source={i.source}>
                <button type="button" className="link-button" onClick={() => onSelect(step)}>
                  {where}
                </button>
                : {i.message} <span className="issue-source">({t(`jb.issues.${i.source}`)})</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
