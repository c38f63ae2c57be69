// Account: who you are, and a form to change your password.
import { useRef, useState } from 'preact/hooks';
import { attachPhone, changePassword, isProblem, type PhoneProof } from '../api/client';
import { phoneProblem } from '../accounts/phone';
import { PhoneVerify } from '../components/PhoneVerify';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type MessageKey, useI18n } from '../i18n';
import { useSession } from '../session';

const kMinPasswordLength = 10;

type FieldName = 'current_password' | 'new_password' | 'confirm_password';

function Profile() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <section class="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('account.profile')}</h2>
      <dl class="facts">
        <dt>{t('account.display_name')}</dt>
        <dd>{user.display_name}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{user.email}</dd>
        {user.org && (
          <>
            <dt>{t('account.org')}</dt>
            <dd>{user.org.name}</dd>
          </>
        )}
        <dt>{t('account.roles')}</dt>
        <dd>
          {user.roles
            .map((grant) => {
              const role = t(`role.${grant.role}` as MessageKey);
              return grant.program ? t('account.role_in_program', { role, program: grant.program }) : role;
            })
            .join(', ')}
        </dd>
      </dl>
    </section>
  );
}

// Customers made before phones were asked for verify one here (the market sells only to them).
function Phone() {
  const { t } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const user = session.user;
  if (!user || !user.roles.some((g) => g.role === 'customer')) return null;

  async function attach(proof: PhoneProof) {
    try {
      const result = await attachPhone(proof.phone_proof);
      session.signedIn(result.user);
    } catch (problem) {
      const known = phoneProblem(problem);
      setError(known ? t(known.key) : problemMessage(problem, t));
      setAttempt((n) => n + 1);
    }
  }

  return (
    <section class="panel" aria-labelledby="phone-title">
      <h2 id="phone-title">{t('phone.account_title')}</h2>
      {user.phone_verified ? (
        <p class="notice notice-success">{t('phone.account_done')}</p>
      ) : (
        <>
          <p class="muted">{t('phone.account_intro')}</p>
          <PhoneVerify key={attempt} idPrefix="account" onVerified={(proof) => void attach(proof)} />
          {error && (
            <p class="notice notice-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function AccountScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [values, setValues] = useState<Record<FieldName, string>>({
    current_password: '',
    new_password: '',
    confirm_password: '',
  });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const refs = {
    current_password: useRef<HTMLInputElement>(null),
    new_password: useRef<HTMLInputElement>(null),
    confirm_password: useRef<HTMLInputElement>(null),
  };
  usePageTitle(t('account.title'));

  function validate(): Partial<Record<FieldName, string>> {
    const errors: Partial<Record<FieldName, string>> = {};
    if (!values.current_password) errors.current_password = t('account.wrong_current');
    if (values.new_password.length < kMinPasswordLength) errors.new_password = t('account.too_short');
    else if (values.new_password === values.current_password) errors.new_password = t('account.same_as_current');
    if (values.confirm_password !== values.new_password) errors.confirm_password = t('account.mismatch');
    return errors;
  }

  function focusFirst(errors: Partial<Record<FieldName, string>>) {
    const first = (['current_password', 'new_password', 'confirm_password'] as const).find((f) => errors[f]);
    if (first) refs[first].current?.focus();
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    setFormError(null);
    const errors = validate();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      focusFirst(errors);
      return;
    }
    setBusy(true);
    try {
      await changePassword(values.current_password, values.new_password);
      setValues({ current_password: '', new_password: '', confirm_password: '' });
      setDone(true);
    } catch (problem) {
      if (isProblem(problem, 'invalid-credentials')) {
        const next = { current_password: t('account.wrong_current') };
        setFieldErrors(next);
        focusFirst(next);
      } else if (isProblem(problem, 'unauthenticated')) {
        session.expire();
      } else if (isProblem(problem, 'validation') && problem.errors.length > 0) {
        const next: Partial<Record<FieldName, string>> = {};
        for (const e of problem.errors) {
          // The server's own words for fields the form knows; localized fallback for new_password.
          if (e.field === 'new_password') next.new_password = t('account.too_short');
          else if (e.field === 'current_password') next.current_password = e.message;
          else setFormError(e.message);
        }
        setFieldErrors(next);
        focusFirst(next);
      } else {
        setFormError(problemMessage(problem, t));
      }
    } finally {
      setBusy(false);
    }
  }

  function field(name: FieldName, label: MessageKey, autoComplete: string, hint?: MessageKey) {
    const id = `account-${name.replace('_', '-')}`;
    const error = fieldErrors[name];
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return (
      <div class="field">
        <label for={id}>{t(label)}</label>
        {hint && (
          <p id={`${id}-hint`} class="hint">
            {t(hint)}
          </p>
        )}
        <input
          ref={refs[name]}
          id={id}
          name={name}
          type="password"
          autoComplete={autoComplete}
          required
          minLength={name === 'current_password' ? undefined : kMinPasswordLength}
          value={values[name]}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
          onInput={(e) => setValues({ ...values, [name]: e.currentTarget.value })}
        />
        {error && (
          <p id={`${id}-error`} class="field-error">
            {error}
          </p>
        )}
      </div>
    );
  }

  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title" tabIndex={-1}>
        {t('account.title')}
      </h1>
      <Profile />
      <Phone />
      <section class="panel" aria-labelledby="password-title">
        <h2 id="password-title">{t('account.change_password')}</h2>
        <form class="form" onSubmit={onSubmit} noValidate>
          {field('current_password', 'account.current_password', 'current-password')}
          {field('new_password', 'account.new_password', 'new-password', 'account.new_password_hint')}
          {field('confirm_password', 'account.confirm_password', 'new-password')}
          {formError && (
            <p class="notice notice-error" role="alert">
              {formError}
            </p>
          )}
          {done && (
            <p class="notice notice-success" role="status">
              {t('account.changed')}
            </p>
          )}
          <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
            {busy ? t('account.submitting') : t('account.submit')}
          </button>
        </form>
      </section>
    </section>
  );
}
