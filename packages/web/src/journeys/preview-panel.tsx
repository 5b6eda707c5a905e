import { useState, type FormEvent } from 'react';
import type { JourneyPreview } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { previewStep } from './journeys-api.js';
import { failureText } from './failure-text.js';

/**
 * A send step's template rendered for a chosen person (`POST /v1/journeys/:id/preview`, from the
 * saved draft). An HTML body is shown in a sandboxed iframe (no scripts, no same origin), never as innerHTML.
 */
export function PreviewPanel({ journeyId, stepId, dirty }: { journeyId: string; stepId: string; dirty: boolean }) {
  const { t } = useI18n();
  const [personId, setPersonId] = useState('');
  const [preview, setPreview] = useState<JourneyPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPreview(await previewStep(journeyId, personId.trim(), stepId));
    } catch (err) {
      setPreview(null);
      setError(failureText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="preview-panel" aria-labelledby="preview-title" data-testid="preview-panel">
      <h3 id="preview-title">{t('jb.preview.title')}</h3>
      {dirty && <p className="subtitle">{t('jb.preview.saved')}</p>}
      <form onSubmit={submit} className="preview-form">
        <label>
          {t('jb.preview.person')}
          <input value={personId} onChange={(e) => setPersonId(e.target.value)} required data-testid="preview-person" />
        </label>
        <button type="submit" className="tm-button" disabled={busy || personId.trim() === ''} data-testid="preview-submit">
          {t('jb.preview.submit')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error" data-testid="preview-error">
          {error}
        </p>
      )}
      {preview && (
        <div className="preview-result" data-testid="preview-result" data-locale={preview.locale}>
          <p className="subtitle">{t('jb.preview.meta', { locale: preview.locale, channel: t(`jb.channel.${preview.channel}`) })}</p>
          {preview.subject !== null && (
            <p>
              <strong>{t('jb.form.subject')}:</strong> <span data-testid="preview-subject">{preview.subject}</span>
            </p>
          )}
          {preview.channel === 'email' ? (
            <iframe title={t('jb.preview.frame')} sandbox="" srcDoc={preview.body} className="preview-frame" data-testid="preview-frame" />
          ) : (
            <pre className="preview-text" data-testid="preview-body">
              {preview.body}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}
