import { NUMERIC_AGGREGATES, RFM_GROUPS, SCORE_NAMES, isTextScore, type SavedComputedTrait, type SavedSegment, type ScoreName } from '@trailmap/core';
import type { Loadable } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { ALL_OPS, CHOICE_OPS, ComparisonFields, DurationSelect, NamesSelect, NUMBER_OPS, SET_OPS } from './comparison-fields.js';
import { LEAF_KINDS, namesText, newComparison, parseNames, type FilterDraft, type LeafDraft, type MatcherDraft } from './rule-tree.js';

/** What the condition fields choose from: the catalogue's touchpoints, saved segments and computed traits, the personas' names. */
export interface BuilderChoices {
  touchpoints: Loadable<string[]>;
  segments: SavedSegment[];
  computedTraits: SavedComputedTrait[];
  /** Persona keys with their display name in the UI language (the latest scoring run's). */
  personas: Array<{ value: string; label: string }>;
}

/** The fields of one condition, by kind; `path` numbers its test ids (`2-1`: the first in the second). */
export function ConditionFields({ leaf, path, choices, onPatch }: { leaf: LeafDraft; path: string; choices: BuilderChoices; onPatch(p: Partial<LeafDraft>): void }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('seg.builder.kind')}
        <select data-testid={`seg-kind-${path}`} value={leaf.kind} onChange={(e) => onPatch({ kind: e.target.value as LeafDraft['kind'] })}>
          {LEAF_KINDS.map((k) => <option key={k} value={k}>{t(`seg.kind.${k}`)}</option>)}
          {leaf.kind === 'raw' && <option value="raw">{t('seg.kind.raw')}</option>}
        </select>
      </label>
      {leaf.kind === 'performed' && <PerformedFields leaf={leaf} path={path} choices={choices} onPatch={onPatch} />}
      {(leaf.kind === 'firstSeen' || leaf.kind === 'lastSeen') && (
        <>
          <DurationSelect value={leaf.within} noneLabel={null} testId={path} onChange={(within) => onPatch({ within })} />
          <label>
            {t('seg.builder.after')}
            <input data-testid={`seg-after-${path}`} placeholder="2026-01-31T00:00:00Z" value={leaf.after ?? ''} onChange={(e) => onPatch({ after: e.target.value === '' ? undefined : e.target.value })} />
          </label>
          <label>
            {t('seg.builder.before')}
            <input data-testid={`seg-before-${path}`} placeholder="2026-01-31T00:00:00Z" value={leaf.before ?? ''} onChange={(e) => onPatch({ before: e.target.value === '' ? undefined : e.target.value })} />
          </label>
        </>
      )}
      {leaf.kind === 'trait' && (
        <>
          <label>
            {t('seg.builder.trait')}
            <input data-testid={`seg-trait-${path}`} value={leaf.trait} onChange={(e) => onPatch({ trait: e.target.value })} />
          </label>
          <ComparisonFields cmp={leaf.cmp} ops={ALL_OPS} testId={path} onChange={(cmp) => onPatch({ cmp })} />
        </>
      )}
      {leaf.kind === 'computedTrait' && <ComputedTraitFields leaf={leaf} path={path} choices={choices} onPatch={onPatch} />}
      {leaf.kind === 'score' && <ScoreFields leaf={leaf} path={path} choices={choices} onPatch={onPatch} />}
      {(leaf.kind === 'inSegment' || leaf.kind === 'notInSegment') && (
        <label>
          {t('seg.builder.segment')}
          <select data-testid={`seg-segment-${path}`} value={leaf.segment} onChange={(e) => onPatch({ segment: e.target.value })}>
            <option value="">—</option>
            {leaf.segment !== '' && !choices.segments.some((s) => s.key === leaf.segment) && <option value={leaf.segment}>{leaf.segment}</option>}
            {choices.segments.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
          </select>
        </label>
      )}
      {leaf.kind === 'raw' && (
        <p className="seg-raw">
          {t('seg.builder.raw')} <code data-testid={`seg-raw-${path}`}>{JSON.stringify(leaf.raw)}</code>
        </p>
      )}
    </>
  );
}

/** A count field: empty is absent (`undefined`); NaN while the text is not a number. */
function CountInput({ label, value, testId, placeholder, onChange }: { label: string; value: number | undefined; testId: string; placeholder?: string; onChange(n: number | undefined): void }) {
  return (
    <label>
      {label}
      <input type="number" min={0} step={1} className="narrow" data-testid={testId} placeholder={placeholder} value={value === undefined || Number.isNaN(value) ? '' : value} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.valueAsNumber)} />
    </label>
  );
}

function PerformedFields({ leaf, path, choices, onPatch }: { leaf: LeafDraft; path: string; choices: BuilderChoices; onPatch(p: Partial<LeafDraft>): void }) {
  const { t } = useI18n();
  const m = leaf.matcher;
  const setMatcher = (p: Partial<MatcherDraft>) => onPatch({ matcher: { ...m, ...p } });
  const where = m.where ?? [];
  const setFilter = (k: number, f: FilterDraft | null) => {
    const next = f === null ? where.filter((_, j) => j !== k) : where.map((x, j) => (j === k ? f : x));
    setMatcher({ where: next.length === 0 && f === null ? undefined : next });
  };
  const names = choices.touchpoints.status === 'ok' ? choices.touchpoints.data : [];
  return (
    <>
      <NamesSelect label={t('seg.builder.event')} noneLabel={t('seg.builder.anyEvent')} value={m.touchpoint} names={names} disabled={choices.touchpoints.status === 'loading'} testId={`seg-event-${path}`} onChange={(touchpoint) => setMatcher({ touchpoint })} />
      <label>
        {t('seg.builder.eventName')}
        <input data-testid={`seg-event-name-${path}`} value={namesText(m.event)} onChange={(e) => setMatcher({ event: parseNames(e.target.value) })} />
      </label>
      <CountInput label={t('seg.builder.atLeast')} value={leaf.atLeast} placeholder="1" testId={`seg-at-least-${path}`} onChange={(atLeast) => onPatch({ atLeast })} />
      <CountInput label={t('seg.builder.atMost')} value={leaf.atMost} testId={`seg-at-most-${path}`} onChange={(atMost) => onPatch({ atMost })} />
      <DurationSelect value={leaf.within} noneLabel={t('seg.builder.ever')} testId={path} onChange={(within) => onPatch({ within })} />
      <details className="seg-more" open={m.channel !== undefined || m.stage !== undefined}>
        <summary>{t('seg.builder.moreEvent')}</summary>
        <div className="filters">
          <label>
            {t('seg.builder.channel')}
            <input data-testid={`seg-channel-${path}`} value={namesText(m.channel)} onChange={(e) => setMatcher({ channel: parseNames(e.target.value) })} />
          </label>
          <label>
            {t('seg.builder.stage')}
            <input data-testid={`seg-stage-${path}`} value={namesText(m.stage)} onChange={(e) => setMatcher({ stage: parseNames(e.target.value) })} />
          </label>
        </div>
      </details>
      <div className="seg-filters" data-testid={`seg-filters-${path}`}>
        {where.map((f, k) => (
          <div key={k} className="filters seg-filter" data-testid="seg-filter">
            <label>
              {t('seg.builder.property')}
              <input data-testid={`seg-filter-prop-${path}-${k + 1}`} value={f.property} onChange={(e) => setFilter(k, { ...f, property: e.target.value })} />
            </label>
            <ComparisonFields cmp={f} ops={ALL_OPS} testId={`${path}-${k + 1}`} onChange={(cmp) => setFilter(k, { ...f, ...cmp })} />
            <button type="button" data-testid={`seg-filter-remove-${path}-${k + 1}`} onClick={() => setFilter(k, null)}>{t('seg.builder.remove')}</button>
          </div>
        ))}
        {where.length < 20 && (
          <button type="button" data-testid={`seg-filter-add-${path}`} onClick={() => setMatcher({ where: [...where, { property: '', ...newComparison() }] })}>
            {t('seg.builder.filterAdd')}
          </button>
        )}
      </div>
    </>
  );
}

function ComputedTraitFields({ leaf, path, choices, onPatch }: { leaf: LeafDraft; path: string; choices: BuilderChoices; onPatch(p: Partial<LeafDraft>): void }) {
  const { t } = useI18n();
  const def = choices.computedTraits.find((c) => c.key === leaf.computedTrait)?.definition;
  const numeric = def !== undefined && NUMERIC_AGGREGATES.includes(def.aggregate);
  const ops = def === undefined ? ALL_OPS : def.aggregate === 'unique_list' ? SET_OPS : numeric ? NUMBER_OPS : ALL_OPS;
  return (
    <>
      <label>
        {t('seg.builder.computed')}
        <select data-testid={`seg-computed-${path}`} value={leaf.computedTrait} onChange={(e) => onPatch({ computedTrait: e.target.value })}>
          <option value="">{choices.computedTraits.length === 0 ? t('seg.builder.computedNone') : '—'}</option>
          {leaf.computedTrait !== '' && def === undefined && <option value={leaf.computedTrait}>{leaf.computedTrait}</option>}
          {choices.computedTraits.map((c) => <option key={c.key} value={c.key}>{c.name}</option>)}
        </select>
      </label>
      <ComparisonFields cmp={leaf.cmp} ops={ops} testId={path} asText={def !== undefined && !numeric} onChange={(cmp) => onPatch({ cmp })} />
    </>
  );
}

function ScoreFields({ leaf, path, choices, onPatch }: { leaf: LeafDraft; path: string; choices: BuilderChoices; onPatch(p: Partial<LeafDraft>): void }) {
  const { t } = useI18n();
  const score = leaf.score;
  const text = score !== '' && isTextScore(score);
  const named = score === 'rfmGroup' ? RFM_GROUPS.map((g) => ({ value: g, label: t(`rfm.group.${g}`) })) : score === 'persona' ? choices.personas : undefined;
  return (
    <>
      <label>
        {t('seg.builder.score')}
        <select data-testid={`seg-score-${path}`} value={score} onChange={(e) => onPatch({ score: e.target.value as ScoreName | '' })}>
          <option value="">—</option>
          {SCORE_NAMES.map((s) => <option key={s} value={s}>{t(`seg.score.${s}`)}</option>)}
        </select>
      </label>
      <ComparisonFields cmp={leaf.cmp} ops={text ? CHOICE_OPS : NUMBER_OPS} testId={path} choices={named} onChange={(cmp) => onPatch({ cmp })} />
    </>
  );
}
