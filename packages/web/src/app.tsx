import { Suspense, useState } from 'react';
import { BrowserRouter, Link, NavLink, Route, Routes, useLocation, useSearchParams } from 'react-router';
import { SessionProvider, useSession } from './auth/session.js';
import { DisplayNamesProvider } from './api/display-names.js';
import { SignInForm } from './auth/sign-in-form.js';
import { Loading } from './components/states.js';
import { I18nProvider, useI18n } from './i18n/i18n.js';
import { LOCALES } from './i18n/locale.js';
import { DETAIL_ROUTES, ROUTES, type AppRoute } from './routes.js';

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

/** An address the app has no page for (the server answers it with 404 and this page): what was asked for and the ways back. */
function NotFound() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <main className="page not-found" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.path', { path: pathname })}</p>
      <ul>
        <li>
          <Link to="/">{t('notFound.back')}</Link>
        </li>
        <li>
          <Link to="/insights">{t('notFound.insights')}</Link>
        </li>
      </ul>
    </main>
  );
}

/** Shown while a page's chunk loads (each route is loaded on demand, see routes.tsx). */
function PageLoading() {
  return (
    <main className="page">
      <Loading />
    </main>
  );
}

/**
 * A route's page: rendered directly when its chunk is already loaded (the opened page, see
 * preloadRoute), else lazily with the Loading state meanwhile. Decided once per mount, so a
 * page never switches between the two (which would remount it); keyed by path where it is used,
 * since every route renders a RoutePage at the same place and React would otherwise keep the
 * first route's state (and page) across navigations.
 */
function RoutePage({ route }: { route: AppRoute }) {
  const [Loaded] = useState(route.loaded);
  if (Loaded) return <Loaded />;
  return (
    <Suspense fallback={<PageLoading />}>
      <route.Page />
    </Suspense>
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
          {[...ROUTES, ...DETAIL_ROUTES].map((r) => (
            <Route key={r.path} path={r.path} element={<RoutePage key={r.path} route={r} />} />
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
          <DisplayNamesProvider>
            <Shell />
          </DisplayNamesProvider>
        </SessionProvider>
      </I18nProvider>
    </BrowserRouter>
  );
}
