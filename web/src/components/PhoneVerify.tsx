// Phone verification, step by step: the number, then the code sent to it. Calls onVerified with
// the proof once the code is right (the sign-up or the account page takes it). Wrong, expired
// and over-tried codes each get their own sentence (accounts/phone.ts).
import { useRef, useState } from 'preact/hooks';
import { startPhoneVerification, verifyPhone, type PhoneProof } from '../api/client';
import { displayPhone, phoneProblem } from '../accounts/phone';
import { useI18n } from '../i18n';
import { problemMessage } from './ProblemNotice';

export function PhoneVerify(props: { onVerified: (proof: PhoneProof) => void; idPrefix: string }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [verificationId, setVerificationId] = useState<string | null>(null);
  const [verified, setVerified] = useState<PhoneProof | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const p = props.idPrefix;

  function explain(error: unknown): boolean {
    const known = phoneProblem(error);
    setMessage(known ? t(known.key, { tries: known.triesLeft ?? 0 }) : problemMessage(error, t));
    return known?.restart ?? false;
  }

  async function send() {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const started = await startPhoneVerification(phone.trim());
      setVerificationId(started.verification_id);
      setCode('');
      setTimeout(() => codeRef.current?.focus(), 0);
    } catch (error) {
      explain(error);
    } finally {
      setBusy(false);
    }
  }

  async function check() {
    if (busy || !verificationId) return;
    setBusy(true);
    setMessage(null);
    try {
      const proof = await verifyPhone(verificationId, code.trim());
      setVerified(proof);
      props.onVerified(proof);
    } catch (error) {
      if (explain(error)) setVerificationId(null); // a new code is needed
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (verified)
    return (
      <p class="notice notice-success" data-testid="phone-verified">
        ✓ {t('phone.verified', { phone: displayPhone(verified.phone) })}
      </p>
    );
  return (
    <div class="form">
      <div class="field">
        <label for={`${p}-phone`}>{t('phone.number')}</label>
        <input
          id={`${p}-phone`}
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder={t('phone.number_hint')}
          value={phone}
          disabled={verificationId !== null}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
      </div>
      {verificationId === null ? (
        <button type="button" class="button button-secondary button-block" disabled={busy || !phone.trim()} onClick={() => void send()}>
          {busy ? t('phone.sending') : t('phone.send_code')}
        </button>
      ) : (
        <>
          <p class="hint">{t('phone.sent')}</p>
          <div class="field">
            <label for={`${p}-code`}>{t('phone.code')}</label>
            <input
              ref={codeRef}
              id={`${p}-code`}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              aria-describedby={message ? `${p}-phone-message` : undefined}
              onInput={(e) => setCode(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void check();
                }
              }}
            />
          </div>
          <button type="button" class="button button-primary button-block" disabled={busy || !code.trim()} onClick={() => void check()}>
            {busy ? t('phone.verifying') : t('phone.verify')}
          </button>
          <button type="button" class="button button-secondary button-block" disabled={busy} onClick={() => setVerificationId(null)}>
            {t('phone.resend')}
          </button>
        </>
      )}
      {message && (
        <p id={`${p}-phone-message`} class="notice notice-error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
