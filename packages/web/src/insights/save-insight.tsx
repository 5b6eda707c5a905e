import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { INSIGHT_CHARTS, type Insight, type InsightChart, type InsightKind } from '@trailmap/core';
import { ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { useUrlParams } from '../routing/url-params.js';
import { InsightFields } from './insight-fields.js';
import { createInsight, getInsight, INSIGHT_PARAM, updateInsight, viewOf } from './insights-api.js';
import './insights.css';

/**
 * "Save insight" on an analysis page: saves the page's definition (what it POSTs), its URL query
 * (so it reopens as it is) and a chart, name and description. Opened from a saved insight
 * (`?insight=ID`), it offers to update that one or save a new one.
 */
export function SaveInsight({ kind, definition, defaultName }: { kind: InsightKind; definition: Record<string, unknown>; defaultName?: string }) {
  const { t } = useI18n();
  const [params, edit] = useUrlParams();
  const id = params.get(INSIGHT_PARAM);
  const saved = useApi<Insight>(id ? `insight:${id}` : null, (signal) => getInsight(id!, signal));
  const current = id && saved.status === 'ok' && saved.data.kind === kind ? saved.data : null;
  const charts = INSIGHT_CHARTS[kind] as readonly InsightChart[];
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chart, setChart] = useState<InsightChart>(charts[0]!);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!open) return;
    setName(current?.name ?? defaultName ?? t(`ins.kind.${kind}`));
    setDescription(current?.description ?? '');
    setChart(current?.chart ?? charts[0]!);
    // Filled when the form opens (or the saved insight arrives), then the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, current?.id]);

  const save = async (asNew: boolean) => {
    setBusy(true);
    setStatus(null);
    const view = viewOf(window.location.search);
    try {
      const r = !asNew && current ? await updateInsight(current.id, { name, description, chart, definition, view }) : await createInsight({ kind, name, description, chart, definition, view });
      setStatus({ ok: true, text: t(!asNew && current ? 'ins.save.updated' : 'ins.save.saved', { name: r.name }) });
      setOpen(false);
      if (r.id !== id) edit((p) => (p.set(INSIGHT_PARAM, r.id), p), { replace: true });
      else saved.retry();
    } catch (e) {
      setStatus({ ok: false, text: t('ins.save.failed', { message: e instanceof ApiFailure ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="save-insight" data-testid="save-insight">
      {current && (
        <p className="help" data-testid="insight-editing">
          {t('ins.editing', { name: current.name })}
        </p>
      )}
      {!open && (
        <button type="button" data-testid="save-insight-open" onClick={() => setOpen(true)}>
          {t('ins.save')}
        </button>
      )}
      {open && (
        <form
          className="save-insight-form"
          aria-label={t('ins.save.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void save(false);
          }}
        >
          <InsightFields kind={kind} values={{ name, description, chart }} onChange={(v) => (setName(v.name), setDescription(v.description), setChart(v.chart))} testIdPrefix="save-insight" />
          <div className="save-insight-buttons">
            <button type="submit" data-testid="save-insight-submit" disabled={busy || name.trim() === ''}>
              {current ? t('ins.save.update', { name: current.name }) : t('ins.save.submit')}
            </button>
            {current && (
              <button type="button" data-testid="save-insight-new" disabled={busy || name.trim() === ''} onClick={() => void save(true)}>
                {t('ins.save.asNew')}
              </button>
            )}
            <button type="button" onClick={() => setOpen(false)}>
              {t('ins.save.cancel')}
            </button>
          </div>
        </form>
      )}
      {status && (
        <p role="status" className={status.ok ? 'saved' : 'error'} data-testid="save-insight-status">
          {status.text} {status.ok && <Link to="/insights">{t('ins.save.list')}</Link>}
        </p>
      )}
    </div>
  );
}
