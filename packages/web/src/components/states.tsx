import type { ApiFailure } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state loading" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

export function ErrorState({ error, retry }: { error: ApiFailure; retry(): void }) {
  const { t } = useI18n();
  return (
    <div className="state error" role="alert">
      <p>{t('state.error', { message: error.message })}</p>
      <button type="button" onClick={retry}>
        {t('state.retry')}
      </button>
    </div>
  );
}

export function Empty({ text }: { text: string }) {
  return <p className="state empty">{text}</p>;
}
