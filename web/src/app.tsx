// The shell: language, session, header with role-aware navigation, and the router built from
// the screen table in nav.tsx.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { logout, me, type User } from './api/client';
import { usePageTitle } from './components/usePageTitle';
import { I18nContext, type Locale, loadLocale, makeI18n, saveLocale, useI18n } from './i18n';
import { decideAccess, kScreens, type ScreenRow, visibleNav } from './nav';
import { type SessionApi, SessionContext, type SessionState, useSession } from './session';

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function LanguageToggle() {
  const { t, locale, setLocale } = useI18n();
  const other: Locale = locale === 'ko' ? 'en' : 'ko';
  return (
    <button
      type="button"
      class="button button-ghost lang-toggle"
      lang={other}
      title={t('lang.switch_label')}
      data-testid="lang-toggle"
      onClick={() => setLocale(other)}
    >
      {t('lang.switch_to')}
    </button>
  );
}

function SiteHeader() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const rows = visibleNav(session.user);
  const [busy, setBusy] = useState(false);

  async function onLogout() {
    setBusy(true);
    try {
      await session.signOut();
    } finally {
      setBusy(false);
      location.route('/', true);
    }
  }

  return (
    <header class="site-header">
      <div class="site-bar">
        <a class="brand" href="/">
          <svg class="brand-mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
            <circle cx="24" cy="32" r="12" fill="none" stroke="currentColor" stroke-width="6" />
            <circle cx="40" cy="32" r="12" fill="none" stroke="#f2b53a" stroke-width="6" />
          </svg>
          <span class="brand-name">{t('app.name')}</span>
        </a>
        <div class="site-tools">
          {session.user && (
            <span class="whoami" data-testid="whoami">
              {t('nav.signed_in_as', { name: session.user.display_name })}
            </span>
          )}
          <LanguageToggle />
        </div>
      </div>
      <nav class="site-nav" aria-label={t('nav.label')}>
        <ul>
          {rows.map((row) => (
            <li key={row.path}>
              <a href={row.path} aria-current={location.path === row.path ? 'page' : undefined}>
                {t(row.label)}
              </a>
            </li>
          ))}
          {session.user && (
            <li>
              <button type="button" class="nav-button" onClick={onLogout} disabled={busy} data-testid="logout">
                {t('nav.logout')}
              </button>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}

function Forbidden() {
  const { t } = useI18n();
  usePageTitle(t('forbidden.title'));
  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
      <p>
        <a href="/">{t('not_found.home')}</a>
      </p>
    </section>
  );
}

function NotFound() {
  const { t } = useI18n();
  usePageTitle(t('not_found.title'));
  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('not_found.title')}</h1>
      <p>{t('not_found.body')}</p>
      <p>
        <a href="/">{t('not_found.home')}</a>
      </p>
    </section>
  );
}

/** Renders a screen if the table's access rule lets this user in; otherwise redirects or refuses. */
function Guarded(props: { row: ScreenRow }) {
  const { user } = useSession();
  const location = useLocation();
  const decision = decideAccess(props.row.access, user);
  useEffect(() => {
    if (decision === 'login') {
      location.route(`/login?reason=required&next=${encodeURIComponent(location.url)}`, true);
    } else if (decision === 'already-signed-in') {
      location.route('/', true);
    }
  }, [decision]);
  if (decision === 'forbidden') return <Forbidden />;
  if (decision !== 'allow') return null;
  const Screen = props.row.screen;
  return <Screen />;
}

// One stable component per row (a new function per render would remount the screen).
const kRoutes = kScreens.map((row) => ({ path: row.path, component: () => <Guarded row={row} /> }));

/** Moves keyboard and screen-reader focus to the new page's heading after navigation. */
function useFocusOnNavigate(mainRef: { current: HTMLElement | null }) {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = mainRef.current;
    const heading = main?.querySelector<HTMLElement>('h1');
    (heading ?? main)?.focus();
  }, [location.path]);
}

function Shell() {
  const { t } = useI18n();
  const session = useSession();
  const mainRef = useRef<HTMLElement>(null);
  useFocusOnNavigate(mainRef);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip_to_content')}
      </a>
      <SiteHeader />
      <main id="main" ref={mainRef} tabIndex={-1} class="site-main">
        {session.status === 'loading' ? (
          <p class="muted" role="status">
            {t('app.loading')}
          </p>
        ) : (
          <>
            <Router>
              {[
                ...kRoutes.map(({ path, component }) => <Route key={path} path={path} component={component} />),
                <Route key="*" default component={NotFound} />,
              ]}
            </Router>
          </>
        )}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}

export function App() {
  const [locale, setLocaleState] = useState<Locale>(() => loadLocale(browserStorage()));
  const setLocale = useCallback((next: Locale) => {
    saveLocale(browserStorage(), next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const i18n = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);

  const [state, setState] = useState<SessionState>({ status: 'loading', user: null });
  useEffect(() => {
    me()
      .then((session) => setState({ status: 'ready', user: session?.user ?? null }))
      .catch(() => setState({ status: 'ready', user: null })); // server down: public pages show their own error
  }, []);

  const session = useMemo<SessionApi>(
    () => ({
      ...state,
      signedIn: (user: User) => setState({ status: 'ready', user }),
      signOut: async () => {
        try {
          await logout();
        } catch {
          // The session may already be gone on the server; forget it here either way.
        }
        setState({ status: 'ready', user: null });
      },
      expire: () => setState({ status: 'ready', user: null }),
    }),
    [state],
  );

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={session}>
        <LocationProvider>
          <Shell />
        </LocationProvider>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
