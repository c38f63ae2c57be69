// Phone verification in the browser: which sentence a refused step gets. Pure, so it is tested
// without a server (phone.test.ts); the screens (Signup, Account) show the sentence.
import { ApiProblem } from '../api/client';
import type { MessageKey } from '../i18n';

export interface PhoneProblem {
  key: MessageKey;
  /** Wrong code: the tries left, from the server's field error ("… 3 tries left"). */
  triesLeft?: number;
  /** The verification cannot go on: the user must ask for a new code. */
  restart: boolean;
}

/** The sentence for a refused start or verify; null for problems the generic notice handles. */
export function phoneProblem(error: unknown): PhoneProblem | null {
  if (!(error instanceof ApiProblem)) return null;
  switch (error.slug) {
    case 'wrong-code': {
      const match = /(\d+) tries left/.exec(error.errors.find((e) => e.field === 'code')?.message ?? '');
      const triesLeft = match ? Number(match[1]) : undefined;
      return { key: 'phone.wrong_code', triesLeft, restart: triesLeft === 0 };
    }
    case 'code-expired':
      return { key: 'phone.code_expired', restart: true };
    case 'too-many-tries':
      return { key: 'phone.too_many_tries', restart: true };
    case 'already-verified':
    case 'not-found':
      return { key: 'phone.start_again', restart: true };
    case 'rate-limited':
      return { key: 'phone.rate_limited', restart: false };
    case 'phone-in-use':
      return { key: 'phone.in_use', restart: true };
    case 'validation':
      if (error.errors.some((e) => e.field === 'phone')) return { key: 'phone.invalid_number', restart: false };
      if (error.errors.some((e) => e.field === 'phone_proof')) return { key: 'phone.proof_expired', restart: true };
      return null;
  }
  if (error.status === 429) return { key: 'phone.rate_limited', restart: false };
  return null;
}

/** "010-1234-5678" for "+821012345678" (how people read their number). */
export function displayPhone(normalised: string): string {
  const m = /^\+82(10)(\d{4})(\d{4})$/.exec(normalised);
  return m ? `0${m[1]}-${m[2]}-${m[3]}` : normalised;
}
