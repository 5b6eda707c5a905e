import { useState } from 'react';
import type { ServiceTask } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { closeTask, patchTask } from './tasks-api.js';

/** An open task's admin actions: assign an owner, start it, close it with a resolution. */
export function TaskActions({ task, onChanged }: { task: ServiceTask; onChanged(): void }) {
  const { t } = useI18n();
  const [owner, setOwner] = useState(task.owner ?? '');
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChanged();
    } catch (e) {
      setError(t('tasks.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="task-actions">
      <form onSubmit={(e) => { e.preventDefault(); void run(() => patchTask(task.id, { owner: owner.trim() === '' ? null : owner.trim() })); }}>
        <input aria-label={t('tasks.assignTo', { title: task.title })} value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="task-owner-input" />
        <button type="submit" className="tm-button" disabled={busy} data-testid="task-assign">{t('tasks.assign')}</button>
      </form>
      {task.status === 'open' && (
        <button type="button" className="tm-button" disabled={busy} onClick={() => void run(() => patchTask(task.id, { status: 'in_progress' }))} data-testid="task-start">{t('tasks.start')}</button>
      )}
      <form onSubmit={(e) => { e.preventDefault(); void run(() => closeTask(task.id, resolution.trim())); }}>
        <input aria-label={t('tasks.resolution', { title: task.title })} placeholder={t('tasks.resolutionPlaceholder')} value={resolution} onChange={(e) => setResolution(e.target.value)} data-testid="task-resolution" />
        <button type="submit" className="tm-button" disabled={busy || resolution.trim() === ''} data-testid="task-close">{t('tasks.close')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
