import { useState } from 'react';
import type { JourneyDefinition, JourneyDetail } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { journeyAction, type LifecycleAction } from './journeys-api.js';
import { failureText } from './failure-text.js';
import { StatusBadge } from './status-badge.js';

interface Props {
  saved: JourneyDetail;
  draft: JourneyDefinition;
  dirty: boolean;
  hasIssues: boolean;
  canWrite: boolean;
  save(): Promise<JourneyDetail>;
  onSaved(d: JourneyDetail): void;
}

/** Status, versions and the writes: Save (the draft), Publish, Pause / Resume, Archive (asked twice). */
export function LifecycleBar({ saved, dirty, hasIssues, canWrite, save, onSaved }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const run = async (name: 'save' | LifecycleAction, call: () => Promise<JourneyDetail>) => {
    setBusy(name);
    setError(null);
    setDone(null);
    try {
      onSaved(await call());
      setDone(t(`jb.done.${name}`));
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(null);
      setConfirmArchive(false);
    }
  };
  const act = (a: LifecycleAction) => run(a, () => journeyAction(saved.id, a));
  const archived = saved.status === 'archived';
  const off = !canWrite || busy !== null || archived;
  return (
    <div className="lifecycle" data-testid="lifecycle" data-status={saved.status} data-dirty={dirty} data-unpublished={saved.unpublishedChanges}>
      <div className="lifecycle-state">
        <StatusBadge status={saved.status} />
        <span data-testid="live-version">{saved.liveVersion === null ? t('journeys.notPublished') : t('jb.liveVersion', { n: saved.liveVersion })}</span>
        {dirty && (
          <span className="flag unsaved" data-testid="unsaved">
            {t('jb.unsaved')}
          </span>
        )}
        {!dirty && saved.unpublishedChanges && (
          <span className="flag unpublished" data-testid="unpublished">
            {t('jb.unpublished')}
          </span>
        )}
      </div>
      <div className="lifecycle-actions">
        <button type="button" className="tm-button primary" disabled={off || !dirty} onClick={() => void run('save', save)} data-testid="journey-save">
          {busy === 'save' ? t('jb.busy') : t('jb.save')}
        </button>
        <button
          type="button"
          className="tm-button"
          disabled={off || dirty || hasIssues || (!saved.unpublishedChanges && saved.liveVersion !== null)}
          title={dirty ? t('jb.publish.saveFirst') : undefined}
          onClick={() => void act('publish')}
          data-testid="journey-publish"
        >
          {busy === 'publish' ? t('jb.busy') : t('jb.publish')}
        </button>
        {saved.status === 'live' && (
          <button type="button" className="tm-button" disabled={off} onClick={() => void act('pause')} data-testid="journey-pause">
            {t('jb.pause')}
          </button>
        )}
        {saved.status === 'paused' && (
          <button type="button" className="tm-button" disabled={off} onClick={() => void act('resume')} data-testid="journey-resume">
            {t('jb.resume')}
          </button>
        )}
        {!archived &&
          (confirmArchive ? (
            <>
              <button type="button" className="tm-button danger" disabled={off} onClick={() => void act('archive')} data-testid="journey-archive-confirm">
                {t('jb.archive.confirm')}
              </button>
              <button type="button" className="tm-button" onClick={() => setConfirmArchive(false)}>
                {t('jb.archive.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="tm-button" disabled={off} onClick={() => setConfirmArchive(true)} data-testid="journey-archive">
              {t('jb.archive')}
            </button>
          ))}
      </div>
      {dirty && hasIssues && <p className="subtitle">{t('jb.publish.fixFirst')}</p>}
      {done && (
        <p role="status" className="ok" data-testid="lifecycle-done">
          {done}
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="lifecycle-error">
          {t('jb.failed', { message: error })}
        </p>
      )}
    </div>
  );
}
