import { useState } from 'react';
import type { SavedSegment } from '@trailmap/core';
import { apiGet, apiSend, ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { SegmentBuilder } from './segment-builder.js';
import { SegmentDetail } from './segment-detail.js';
import './segments.css';

/** The Segments page: saved segments and a rule builder with a live count. */
export function SegmentsPage() {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const list = useApi(`segments:${version}`, (signal) => apiGet<{ segments: SavedSegment[] }>('/v1/segments', signal));
  const segments = list.status === 'ok' ? list.data.segments : [];
  const [open, setOpen] = useState<string | null>(null);
  // The segment loaded into the builder, as it was when Edit was pressed (the list reloads after a save).
  const [edited, setEdited] = useState<SavedSegment | null>(null);
  const opened = segments.find((s) => s.key === open);
  return (
    <main className="page segments">
      <header className="page-head">
        <div>
          <h1>{t('seg.title')}</h1>
          <p className="subtitle">{t('seg.intro')}</p>
        </div>
      </header>
      <SegmentList list={list} onChanged={() => setVersion((v) => v + 1)} onOpen={setOpen} onEdit={setEdited} />
      {opened && <SegmentDetail segment={opened} segments={segments} />}
      <SegmentBuilder key={edited ? `${edited.key}:${edited.updatedAt}` : ''} segments={segments} editing={edited} onSaved={() => setVersion((v) => v + 1)} onCancel={() => setEdited(null)} />
    </main>
  );
}

function SegmentList({ list, onChanged, onOpen, onEdit }: { list: ReturnType<typeof useApi<{ segments: SavedSegment[] }>>; onChanged(): void; onOpen(key: string): void; onEdit(segment: SavedSegment): void }) {
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
              <th scope="col">{t('seg.list.actions')}</th>
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
                <td className="seg-actions">
                  <button type="button" data-testid="segment-edit" onClick={() => onEdit(s)} aria-label={`${t('seg.list.edit')} ${s.name}`}>
                    {t('seg.list.edit')}
                  </button>{' '}
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

