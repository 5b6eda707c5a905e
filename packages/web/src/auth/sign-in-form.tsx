import { useState, type FormEvent } from 'react';
import { ApiFailure, signIn } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from './session.js';

/** Shown when the server gives the browser no session (TRAILMAP_WEB_SESSION=off, or a remote host). */
export function SignInForm() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(key.trim());
      setKey('');
      signedIn();
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('auth.title')}</h1>
      <p>{t('auth.intro')}</p>
      <label>
        {t('auth.key')}
        <input type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || key.trim() === ''}>
        {t('auth.submit')}
      </button>
      {error && (
        <p role="alert" className="error">
          {t('auth.failed', { message: error })}
        </p>
      )}
    </form>
  );
}
