import { useState, type FormEvent } from 'react';
import { API_SCOPES, DEFAULT_ROTATION_GRACE_HOURS, type ApiKey, type ApiKeySecret, type ApiScope } from '@trailmap/core';
import { ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import { adminSignIn, adminSignOut, createKey, listKeys, revokeKey, rotateKey, sessionInfo } from './keys-api.js';
import './keys.css';

const message = (e: unknown) => (e instanceof ApiFailure ? e.message : String(e));

/** The Data page's keys: for an admin session, the keys with create, rotate and revoke; else the admin sign-in. */
export function KeysSection() {
  const { t } = useI18n();
  const [generation, setGeneration] = useState(0);
  const session = useApi(`/web/session#${generation}`, (signal) => sessionInfo(signal));
  const changed = () => setGeneration((g) => g + 1);
  return (
    <section className="data-section" aria-labelledby="keys-title" aria-busy={session.status === 'loading'}>
      <h2 id="keys-title">{t('data.keys.title')}</h2>
      <p className="intro">{t('data.keys.intro')}</p>
      {session.status === 'loading' && <Loading />}
      {session.status === 'error' && <ErrorState error={session.error} retry={session.retry} />}
      {session.status === 'ok' && (session.data.admin === null ? <AdminSignIn onDone={changed} /> : <AdminKeys admin={session.data.admin} onSignOut={changed} />)}
    </section>
  );
}

function AdminSignIn({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await adminSignIn(name.trim(), password);
      setPassword('');
      onDone();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p className="notice" data-testid="keys-needs-admin">{t('data.keys.needsAdmin')}</p>
      <form className="sign-in admin-sign-in" onSubmit={submit} aria-labelledby="admin-sign-in-title" data-testid="admin-sign-in">
        <h3 id="admin-sign-in-title">{t('data.keys.signIn.title')}</h3>
        <label>
          {t('data.keys.signIn.name')}
          <input autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('data.keys.signIn.password')}
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="tm-button" disabled={busy || name.trim() === '' || password === ''}>
          {t('data.keys.signIn.submit')}
        </button>
        <p className="subtitle">{t('data.keys.signIn.hint')}</p>
        {error && (
          <p role="alert" className="error">
            {t('data.keys.signIn.failed', { message: error })}
          </p>
        )}
      </form>
    </>
  );
}

function AdminKeys({ admin, onSignOut }: { admin: string; onSignOut(): void }) {
  const { t, locale } = useI18n();
  const [generation, setGeneration] = useState(0);
  const keys = useApi(`/v1/keys#${generation}`, (signal) => listKeys(signal));
  const [shown, setShown] = useState<ApiKeySecret | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grace, setGrace] = useState(String(DEFAULT_ROTATION_GRACE_HOURS));
  const act = async (run: () => Promise<ApiKeySecret | unknown>) => {
    setError(null);
    try {
      const r = await run();
      if (r && typeof r === 'object' && 'secret' in r) setShown(r as ApiKeySecret);
      setGeneration((g) => g + 1);
    } catch (err) {
      setError(message(err));
    }
  };
  const stateOf = (k: ApiKey) =>
    k.revokedAt
      ? t('data.keys.state.revoked', { at: formatDateTime(locale, k.revokedAt) })
      : k.expiresAt && Date.parse(k.expiresAt) > Date.now()
        ? t('data.keys.state.grace', { at: formatDateTime(locale, k.expiresAt) })
        : t('data.keys.state.active');
  return (
    <>
      <p data-testid="keys-admin">
        {t('data.keys.signedInAs', { name: admin })}{' '}
        <button type="button" className="tm-button" onClick={() => void adminSignOut().then(() => { onSignOut(); window.location.reload(); }, (e: unknown) => setError(message(e)))}>
          {t('data.keys.signOut')}
        </button>
      </p>
      {shown && (
        <div className="notice key-secret" role="status" data-testid="key-secret">
          <strong>{t('data.keys.secret.title', { name: shown.key.name })}</strong>
          <code data-testid="key-secret-value">{shown.secret}</code>
          <span>{t('data.keys.secret.once')}</span>
          <button type="button" className="tm-button" onClick={() => setShown(null)}>
            {t('data.keys.secret.dismiss')}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error" data-testid="keys-error">
          {t('data.keys.failed', { message: error })}
        </p>
      )}
      {keys.status === 'loading' && <Loading />}
      {keys.status === 'error' && <ErrorState error={keys.error} retry={keys.retry} />}
      {keys.status === 'ok' && (
        <div className="grid-scroll">
          <table className="tm-table" data-testid="keys-list" aria-labelledby="keys-title">
            <thead>
              <tr>
                {(['name', 'prefix', 'scopes', 'created', 'lastUsed', 'state', 'actions'] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`data.keys.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((k) => (
                <tr key={k.id} data-testid="key-row" data-key-id={k.id} data-revoked={k.revokedAt ? 'true' : 'false'}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scopes.map((s) => t(`data.keys.scope.${s}`)).join(', ')}</td>
                  <td>{formatDateTime(locale, k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(locale, k.lastUsedAt) : t('data.keys.never')}</td>
                  <td data-testid="key-state">{stateOf(k)}</td>
                  <td>
                    {!k.revokedAt && (
                      <>
                        <button type="button" className="tm-button" data-testid="key-rotate" onClick={() => void act(() => rotateKey(k.id, Number(grace)))}>
                          {t('data.keys.rotate')}
                        </button>{' '}
                        <button type="button" className="tm-button" data-testid="key-revoke" onClick={() => window.confirm(t('data.keys.revoke.confirm', { name: k.name })) && void act(() => revokeKey(k.id))}>
                          {t('data.keys.revoke')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <label className="key-grace">
        {t('data.keys.rotate.grace')}
        <input type="number" min={0} max={720} value={grace} onChange={(e) => setGrace(e.target.value)} data-testid="key-grace" />
      </label>
      <CreateKey onCreate={(input) => act(() => createKey(input))} />
    </>
  );
}

function CreateKey({ onCreate }: { onCreate(input: { name: string; scopes: ApiScope[]; source?: string }): Promise<void> }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [source, setSource] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await onCreate({ name: name.trim(), scopes, ...(source.trim() ? { source: source.trim() } : {}) });
    setName('');
    setScopes([]);
    setSource('');
  };
  return (
    <form className="key-create" onSubmit={submit} aria-labelledby="key-create-title" data-testid="key-create">
      <h3 id="key-create-title">{t('data.keys.create.title')}</h3>
      <label>
        {t('data.keys.create.name')}
        <input required value={name} onChange={(e) => setName(e.target.value)} data-testid="key-create-name" />
      </label>
      <fieldset>
        <legend>{t('data.keys.create.scopes')}</legend>
        {API_SCOPES.map((s) => (
          <label key={s}>
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} data-testid={`key-scope-${s}`} />
            {t(`data.keys.scope.${s}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('data.keys.create.source')}
        <input value={source} onChange={(e) => setSource(e.target.value)} data-testid="key-create-source" />
      </label>
      <button type="submit" className="tm-button" disabled={name.trim() === '' || scopes.length === 0}>
        {t('data.keys.create.submit')}
      </button>
    </form>
  );
}
