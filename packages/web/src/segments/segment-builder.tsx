import { useEffect, useState } from 'react';
import { isSkipped, type LatestScoreRunAnswer, type SavedComputedTrait, type SavedSegment, type SegmentPreview } from '@trailmap/core';
import { apiGet, apiPost, apiSend, ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useTouchpointNames } from '../api/use-touchpoint-names.js';
import { ErrorState } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import type { BuilderChoices } from './condition-fields.js';
import { RuleBuilder, type FieldError } from './rule-builder.js';
import { newRoot, nodeOfField, rootRule, ruleToRoot, type RootNode } from './rule-tree.js';

/** Milliseconds of no typing before the builder asks for the live count. */
const PREVIEW_DEBOUNCE_MS = 400;
/** Persona keys offered when no scoring run has named them yet. */
const FALLBACK_PERSONAS = 8;

/** The draft's rule, counted by `POST /v1/segments/preview` once typing pauses. */
function useLivePreview(rule: unknown) {
  const json = rule === null ? null : JSON.stringify(rule);
  const [debounced, setDebounced] = useState<string | null>(json);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(json), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [json]);
  const preview = useApi(debounced === null ? null : `preview:${debounced}`, (signal) => apiPost<SegmentPreview>('/v1/segments/preview', { rule: JSON.parse(debounced!), sample: 10 }, signal));
  return { preview, settled: debounced === json };
}

/** The saved computed traits, and the personas of the latest scoring run (keys with names in the UI language). */
function useChoices(segments: SavedSegment[]): BuilderChoices {
  const { locale, t } = useI18n();
  const touchpoints = useTouchpointNames();
  const traits = useApi('computed-traits', (signal) => apiGet<{ computedTraits: SavedComputedTrait[] }>('/v1/computed-traits', signal));
  const scores = useApi('scores-latest', (signal) => apiGet<LatestScoreRunAnswer>('/v1/customers/scores', signal));
  const run = scores.status === 'ok' ? scores.data.run : null;
  const clusters = run && !isSkipped(run.personas) ? run.personas.clusters : [];
  const personas =
    clusters.length > 0
      ? clusters.map((c) => ({ value: c.key, label: `${locale === 'zh-CN' ? c.name.zh : c.name.en} (${c.key})` }))
      : Array.from({ length: FALLBACK_PERSONAS }, (_, i) => ({ value: `persona-${i + 1}`, label: t('seg.persona.n', { n: i + 1 }) }));
  return { touchpoints, segments, computedTraits: traits.status === 'ok' ? traits.data.computedTraits : [], personas };
}

/** A 400 naming a field of the rule, placed at its condition; null for any other failure. */
function ruleError(root: RootNode, e: ApiFailure | null): FieldError | null {
  if (!e || e.status !== 400 || (e.field !== null && !e.field.startsWith('rule'))) return null;
  return { id: nodeOfField(root, e.field).id, field: e.field, message: e.message };
}

/** The rule builder with its live count; with `editing`, the saved segment's rule loaded and saved back by PATCH. */
export function SegmentBuilder({ segments, editing, onSaved, onCancel }: { segments: SavedSegment[]; editing: SavedSegment | null; onSaved(): void; onCancel(): void }) {
  const { t, fmt } = useI18n();
  const choices = useChoices(segments);
  const [root, setRoot] = useState<RootNode>(() => (editing ? ruleToRoot(editing.rule) : newRoot()));
  const [name, setName] = useState(editing?.name ?? '');
  const [key, setKey] = useState(editing?.key ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ApiFailure | null>(null);
  const rule = rootRule(root);
  const { preview, settled } = useLivePreview(rule);

  const save = async () => {
    if (rule === null) return;
    try {
      if (editing) await apiSend<SavedSegment>('PATCH', `/v1/segments/${encodeURIComponent(editing.key)}`, { name, rule });
      else await apiPost<SavedSegment>('/v1/segments', { key, name, rule });
      setSaveError(null);
      setSaved(name);
      onSaved();
    } catch (e) {
      setSaved(null);
      setSaveError(e instanceof ApiFailure ? e : new ApiFailure(0, 'unexpected', String(e)));
    }
  };
  const previewError = rule !== null && settled && preview.status === 'error' ? preview.error : null;
  const fieldError = ruleError(root, previewError) ?? ruleError(root, saveError);
  const saveFieldError = (field: string) => (saveError?.field === field ? <p className="seg-field-error" role="alert" data-testid={`seg-error-${field}`}>{saveError.message}</p> : null);

  return (
    <section className="seg-section" aria-label={editing ? t('seg.builder.editing', { name: editing.name }) : t('seg.builder.title')} data-testid="seg-builder" data-editing={editing?.key ?? ''}>
      <h2>{editing ? t('seg.builder.editing', { name: editing.name }) : t('seg.builder.title')}</h2>
      {editing && (
        <button type="button" data-testid="seg-new" onClick={onCancel}>
          {t('seg.builder.cancelEdit')}
        </button>
      )}
      <form className="seg-builder" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <RuleBuilder root={root} onChange={(r) => { setRoot(r); setSaved(null); setSaveError(null); }} choices={choices} error={fieldError} />

        <div className="seg-preview" aria-live="polite" data-testid="seg-preview" data-settled={String(settled && preview.status === 'ok')} data-rule={rule === null ? '' : JSON.stringify(rule)}>
          {rule === null && <p>{t('seg.builder.incomplete')}</p>}
          {rule !== null && (!settled || preview.status === 'loading') && <p>{t('seg.builder.counting')}</p>}
          {previewError && (ruleError(root, previewError) ? <p>{t('seg.builder.fixMarked')}</p> : <ErrorState error={previewError} retry={preview.retry} />)}
          {rule !== null && settled && preview.status === 'ok' && (
            <>
              <p className="seg-count" data-testid="seg-count" data-count={preview.data.count}>
                {t('seg.builder.count', { count: fmt.int(preview.data.count) })} · {t(`seg.timing.${preview.data.timing}`)}
              </p>
              {preview.data.sample.length > 0 && (
                <details>
                  <summary>{t('seg.builder.sample')}</summary>
                  <ul data-testid="seg-sample">
                    {preview.data.sample.map((p) => <li key={p}><a href={`/people?person=${encodeURIComponent(p)}`}>{p}</a></li>)}
                  </ul>
                </details>
              )}
            </>
          )}
        </div>

        <div className="filters">
          <label>
            {t('seg.builder.name')}
            <input data-testid="seg-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            {saveFieldError('name')}
          </label>
          <label>
            {t('seg.builder.key')}
            <input data-testid="seg-key" required maxLength={64} pattern="[a-z0-9][a-z0-9_\-]*" value={key} readOnly={editing !== null} onChange={(e) => setKey(e.target.value)} />
            {saveFieldError('key')}
          </label>
          <button type="submit" data-testid="seg-save" disabled={rule === null}>{editing ? t('seg.builder.update') : t('seg.builder.save')}</button>
        </div>
        {saved && <p role="status" data-testid="seg-saved">{t('seg.builder.saved', { name: saved })}</p>}
        {saveError && !ruleError(root, saveError) && saveError.field !== 'name' && saveError.field !== 'key' && <ErrorState error={saveError} retry={() => void save()} />}
      </form>
    </section>
  );
}
