// Log-in: email and password. A wrong password and too many attempts each get their own message.
import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { isProblem, login } from '../api/client';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';

/** Only same-site paths are followed after log-in ("/audit", never "//evil" or "https://…"). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}

export function LoginScreen() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  usePageTitle(t('login.title'));

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError(t('login.missing_fields'));
      (email.trim() ? passwordRef : emailRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await login(email.trim(), password);
      session.signedIn(result.user);
      location.route(safeNext(location.query.next), true);
    } catch (problem) {
      if (isProblem(problem, 'invalid-credentials') || (isProblem(problem) && problem.status === 401)) {
        setError(t('login.invalid_credentials'));
        setPassword('');
        passwordRef.current?.focus();
      } else if (isProblem(problem, 'rate-limited') || (isProblem(problem) && problem.status === 429)) {
        const seconds = problem.retryAfterSeconds;
        setError(
          seconds !== undefined && seconds > 0
            ? t('login.rate_limited', { seconds })
            : t('login.rate_limited_no_wait'),
        );
      } else {
        setError(problemMessage(problem, t));
      }
    } finally {
      setBusy(false);
    }
  }

  const required = location.query.reason === 'required';
  return (
    <section class="narrow" aria-labelledby="login-title">
      <h1 id="login-title" tabIndex={-1}>
        {t('login.title')}
      </h1>
      <p class="muted">{required ? t('login.required') : t('login.intro')}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="login-email">{t('login.email')}</label>
          <input
            ref={emailRef}
            id="login-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            required
            value={email}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="login-password">{t('login.password')}</label>
          <input
            ref={passwordRef}
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        {error && (
          <p id="login-error" class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy} aria-busy={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p class="muted">
        {t('login.no_account')} <a href="/signup">{t('login.signup_link')}</a>
      </p>
    </section>
  );
}
