import { useEffect, useState } from 'react';
import type { SavedSegment, SegmentPreview } from '@trailmap/core';
import { apiGet, apiPost, apiSend, ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useTouchpointNames } from '../api/use-touchpoint-names.js';
import { TouchpointSelect } from '../components/touchpoint-select.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { DURATIONS, KINDS, TRAIT_OPS, draftRule, newCondition, type ConditionDraft, type RuleDraft } from './rule-draft.js';
import { SegmentDetail } from './segment-detail.js';
import './segments.css';

/** Milliseconds of no typing before the builder asks for the live count. */
const PREVIEW_DEBOUNCE_MS = 400;

/** The Segments page: saved segments and a rule builder with a live count. */
export function SegmentsPage() {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const list = useApi(`segments:${version}`, (signal) => apiGet<{ segments: SavedSegment[] }>('/v1/segments', signal));
  const segments = list.status === 'ok' ? list.data.segments : [];
  const [open, setOpen] = useState<string | null>(null);
  const opened = segments.find((s) => s.key === open);
  return (
    <main className="page segments">
      <header className="page-head">
        <div>
          <h1>{t('seg.title')}</h1>
          <p className="subtitle">{t('seg.intro')}</p>
        </div>
      </header>
      <SegmentList list={list} onChanged={() => setVersion((v) => v + 1)} onOpen={setOpen} />
      {opened && <SegmentDetail segment={opened} segments={segments} />}
      <SegmentBuilder segments={segments} onSaved={() => setVersion((v) => v + 1)} />
    </main>
  );
}

function SegmentList({ list, onChanged, onOpen }: { list: ReturnType<typeof useApi<{ segments: SavedSegment[] }>>; onChanged(): void; onOpen(key: string): void }) {
  const { t, fmt } = useI18n();
  const [error, setError] = useState<ApiFailure | null>(null);
  const remove = async (s: SavedSegment) => {
    if (!window.confirm(t('seg.list.deleteConfirm', { name: s.name }))) return;
    try {
      await apiSend('DELETE', `/v1/segments/${encodeURIComponent(s.key)}`);
      setError(null);
      onChanged();
    } catch (e) {
      setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'unexpected', String(e)));
    }
  };
  return (
    <section className="seg-section" aria-label={t('seg.list.title')} aria-busy={list.status === 'loading'}>
      <h2>{t('seg.list.title')}</h2>
      {error && <ErrorState error={error} retry={() => setError(null)} />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} retry={list.retry} />}
      {list.status === 'ok' && list.data.segments.length === 0 && <Empty text={t('seg.list.empty')} />}
      {list.status === 'ok' && list.data.segments.length > 0 && (
        <table className="data-table" data-testid="segment-list">
          <thead>
            <tr>
              <th scope="col">{t('seg.list.name')}</th>
              <th scope="col">{t('seg.list.key')}</th>
              <th scope="col" className="num">{t('seg.list.size')}</th>
              <th scope="col">{t('seg.list.timing')}</th>
              <th scope="col">{t('seg.list.updated')}</th>
              <th scope="col">{t('seg.list.delete')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.segments.map((s) => (
              <tr key={s.key} data-testid="segment-row" data-key={s.key}>
                <td><button type="button" className="link" data-testid="segment-open" onClick={() => onOpen(s.key)}>{s.name}</button></td>
                <td><code>{s.key}</code></td>
                <td className="num" data-testid="segment-size">{s.size === null ? t('seg.list.notYet') : fmt.int(s.size)}</td>
                <td>{t(`seg.timing.${s.timing}`)}</td>
                <td>{new Date(s.refreshedAt ?? s.updatedAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => void remove(s)} aria-label={`${t('seg.list.delete')} ${s.name}`}>
                    {t('seg.list.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

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

function SegmentBuilder({ segments, onSaved }: { segments: SavedSegment[]; onSaved(): void }) {
  const { t, fmt } = useI18n();
  const names = useTouchpointNames();
  const [draft, setDraft] = useState<RuleDraft>({ match: 'all', negate: false, conditions: [newCondition()] });
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ApiFailure | null>(null);
  const rule = draftRule(draft);
  const { preview, settled } = useLivePreview(rule);
  const setCondition = (i: number, patch: Partial<ConditionDraft>) => setDraft((d) => ({ ...d, conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));

  const save = async () => {
    if (rule === null) return;
    try {
      await apiPost<SavedSegment>('/v1/segments', { key, name, rule });
      setSaveError(null);
      setSaved(name);
      onSaved();
    } catch (e) {
      setSaved(null);
      setSaveError(e instanceof ApiFailure ? e : new ApiFailure(0, 'unexpected', String(e)));
    }
  };

  return (
    <section className="seg-section" aria-label={t('seg.builder.title')}>
      <h2>{t('seg.builder.title')}</h2>
      <form className="seg-builder" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <div className="filters">
          <label>
            {t('seg.builder.match')}
            <select data-testid="seg-match" value={draft.match} onChange={(e) => setDraft((d) => ({ ...d, match: e.target.value as RuleDraft['match'] }))}>
              <option value="all">{t('seg.builder.match.all')}</option>
              <option value="any">{t('seg.builder.match.any')}</option>
            </select>
          </label>
          <label className="inline">
            <input type="checkbox" data-testid="seg-negate" checked={draft.negate} onChange={(e) => setDraft((d) => ({ ...d, negate: e.target.checked }))} />
            {t('seg.builder.negate')}
          </label>
        </div>
        <ol className="seg-conditions">
          {draft.conditions.map((c, i) => (
            <li key={i} className="filters" data-testid="seg-condition">
              <label>
                {t('seg.builder.kind')}
                <select data-testid={`seg-kind-${i + 1}`} value={c.kind} onChange={(e) => setCondition(i, { kind: e.target.value as ConditionDraft['kind'] })}>
                  {KINDS.map((k) => <option key={k} value={k}>{t(`seg.kind.${k}`)}</option>)}
                </select>
              </label>
              {c.kind === 'performed' && (
                <>
                  <TouchpointSelect label={t('seg.builder.event')} testId={`seg-event-${i + 1}`} noneLabel={t('seg.builder.anyEvent')} value={c.event} names={names} onChange={(event) => setCondition(i, { event })} />
                  <label>
                    {t('seg.builder.atLeast')}
                    <input type="number" min={0} step={1} className="narrow" data-testid={`seg-at-least-${i + 1}`} value={c.atLeast} onChange={(e) => setCondition(i, { atLeast: e.target.valueAsNumber })} />
                  </label>
                </>
              )}
              {(c.kind === 'performed' || c.kind === 'lastSeen' || c.kind === 'firstSeen') && (
                <label>
                  {t('seg.builder.within')}
                  <select data-testid={`seg-within-${i + 1}`} value={c.within ?? ''} onChange={(e) => setCondition(i, { within: (e.target.value || null) as ConditionDraft['within'] })}>
                    {c.kind === 'performed' && <option value="">{t('seg.builder.ever')}</option>}
                    {DURATIONS.map((d) => <option key={d} value={d}>{t(`seg.dur.${d}`)}</option>)}
                  </select>
                </label>
              )}
              {c.kind === 'trait' && (
                <>
                  <label>
                    {t('seg.builder.trait')}
                    <input data-testid={`seg-trait-${i + 1}`} value={c.trait} onChange={(e) => setCondition(i, { trait: e.target.value })} />
                  </label>
                  <label>
                    {t('seg.builder.op')}
                    <select data-testid={`seg-op-${i + 1}`} value={c.op} onChange={(e) => setCondition(i, { op: e.target.value as ConditionDraft['op'] })}>
                      {TRAIT_OPS.map((o) => <option key={o} value={o}>{t(`seg.op.${o}`)}</option>)}
                    </select>
                  </label>
                  {c.op !== 'is_set' && c.op !== 'is_not_set' && (
                    <label>
                      {t('seg.builder.value')}
                      <input data-testid={`seg-value-${i + 1}`} value={c.value} onChange={(e) => setCondition(i, { value: e.target.value })} />
                    </label>
                  )}
                </>
              )}
              {(c.kind === 'inSegment' || c.kind === 'notInSegment') && (
                <label>
                  {t('seg.builder.segment')}
                  <select data-testid={`seg-segment-${i + 1}`} value={c.segment} onChange={(e) => setCondition(i, { segment: e.target.value })}>
                    <option value="">—</option>
                    {segments.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
                  </select>
                </label>
              )}
              {draft.conditions.length > 1 && (
                <button type="button" onClick={() => setDraft((d) => ({ ...d, conditions: d.conditions.filter((_, j) => j !== i) }))}>
                  {t('seg.builder.remove')}
                </button>
              )}
            </li>
          ))}
        </ol>
        <button type="button" data-testid="seg-add" onClick={() => setDraft((d) => ({ ...d, conditions: [...d.conditions, newCondition()] }))}>
          {t('seg.builder.add')}
        </button>

        <div className="seg-preview" aria-live="polite" data-testid="seg-preview" data-settled={String(settled && preview.status === 'ok')}>
          {rule === null && <p>{t('seg.builder.incomplete')}</p>}
          {rule !== null && (!settled || preview.status === 'loading') && <p>{t('seg.builder.counting')}</p>}
          {rule !== null && settled && preview.status === 'error' && <ErrorState error={preview.error} retry={preview.retry} />}
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
          </label>
          <label>
            {t('seg.builder.key')}
            <input data-testid="seg-key" required maxLength={64} pattern="[a-z0-9][a-z0-9_\-]*" value={key} onChange={(e) => setKey(e.target.value)} />
          </label>
          <button type="submit" data-testid="seg-save" disabled={rule === null}>{t('seg.builder.save')}</button>
        </div>
        {saved && <p role="status" data-testid="seg-saved">{t('seg.builder.saved', { name: saved })}</p>}
        {saveError && <ErrorState error={saveError} retry={() => void save()} />}
      </form>
    </section>
  );
}
