// Sign-up for customers of any carrier: the phone first (one account per verified phone), then
// e-mail, name and password. Signed in afterwards, and sent to the market (or `next`).
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { isProblem, signup, type PhoneProof } from '../api/client';
import { phoneProblem } from '../accounts/phone';
import { PhoneVerify } from '../components/PhoneVerify';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { safeNext } from './Login';

export function SignupScreen() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const [proof, setProof] = useState<PhoneProof | null>(null);
  const [attempt, setAttempt] = useState(0); // a new PhoneVerify after a refused proof
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('signup.title'));

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!proof) {
      setError(t('signup.verify_first'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await signup({
        email: email.trim(),
        display_name: name.trim(),
        password,
        phone_proof: proof.phone_proof,
      });
      session.signedIn(result.user);
      const next = safeNext(location.query.next);
      location.route(next === '/' ? '/market' : next, true);
    } catch (problem) {
      const phone = phoneProblem(problem);
      if (isProblem(problem, 'email-taken')) {
        setError(t('signup.email_taken'));
      } else if (phone) {
        setError(t(phone.key));
        if (phone.restart) {
          setProof(null);
          setAttempt((n) => n + 1);
        }
      } else {
        setError(problemMessage(problem, t));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="narrow" aria-labelledby="signup-title">
      <h1 id="signup-title" tabIndex={-1}>
        {t('signup.title')}
      </h1>
      <p class="muted">{t('signup.intro')}</p>
      <h2>{t('signup.step_phone')}</h2>
      <PhoneVerify key={attempt} idPrefix="signup" onVerified={setProof} />
      <h2>{t('signup.step_account')}</h2>
      <form class="form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="signup-email">{t('signup.email')}</label>
          <input
            id="signup-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            autoCapitalize="none"
            spellcheck={false}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="signup-name">{t('signup.display_name')}</label>
          <input id="signup-name" name="name" autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="signup-password">{t('signup.password')}</label>
          <input
            id="signup-password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy} aria-busy={busy}>
          {busy ? t('signup.submitting') : t('signup.submit')}
        </button>
      </form>
      <p class="muted">
        <a href="/login">{t('signup.have_account')}</a>
      </p>
    </section>
  );
}
