import { BrowserRouter, Link, NavLink, Route, Routes, useSearchParams } from 'react-router';
import { SessionProvider, useSession } from './auth/session.js';
import { SignInForm } from './auth/sign-in-form.js';
import { I18nProvider, useI18n } from './i18n/i18n.js';
import { LOCALES } from './i18n/locale.js';
import { ROUTES } from './routes.js';

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const [params, setParams] = useSearchParams();
  return (
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          data-testid={`lang-${l}`}
          onClick={() => {
            setLocale(l);
            const next = new URLSearchParams(params);
            next.set('lang', l);
            setParams(next, { replace: true });
          }}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <main className="page">
      <h1>{t('notFound.title')}</h1>
      <Link to="/">{t('notFound.back')}</Link>
    </main>
  );
}

function Shell() {
  const { t } = useI18n();
  const { signedOut } = useSession();
  const [params] = useSearchParams();
  // Links keep the language so a copied URL opens in the same language.
  const lang = params.get('lang');
  const suffix = lang ? `?lang=${encodeURIComponent(lang)}` : '';
  return (
    <>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          {ROUTES.map((r) => (
            <NavLink key={r.path} to={r.path + suffix} end>
              {t(r.nav)}
            </NavLink>
          ))}
        </nav>
        <LanguageSwitch />
      </header>
      {signedOut ? (
        <main className="page">
          <SignInForm />
        </main>
      ) : (
        <Routes>
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={r.element} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Routes>
      )}
    </>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <I18nProvider>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </I18nProvider>
    </BrowserRouter>
  );
}
