import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api.js';
import { sessionInfo } from '../data/keys-api.js';
import { useI18n } from '../i18n/i18n.js';

/** Whether the browser's session may write journeys (an admin signed in on the Data page's Keys tab); null while unknown. */
export function useCanWrite(): boolean | null {
  const session = useApi('/web/session', (signal) => sessionInfo(signal));
  if (session.status === 'loading') return null;
  return session.status === 'ok' && (session.data.admin !== null || session.data.scopes.includes('admin'));
}

/** Told once per page: editing needs an admin, signed in where the app signs admins in (Data → Keys). */
export function NeedsAdmin() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const q = new URLSearchParams();
  q.set('tab', 'keys');
  if (params.get('lang')) q.set('lang', params.get('lang')!);
  return (
    <p className="notice" data-testid="journeys-needs-admin">
      {t('journeys.needsAdmin')} <Link to={`/data?${q}`}>{t('journeys.signInLink')}</Link>
    </p>
  );
}

/** The path with the page's language kept (links keep `?lang=` so a copied URL opens in the same language). */
export function useLangHref() {
  const [params] = useSearchParams();
  const lang = params.get('lang');
  return (path: string) => {
    if (!lang) return path;
    return `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`;
  };
}
