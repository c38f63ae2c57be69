import { describe, expect, it } from 'vitest';
import { ApiProblem, type FieldError } from '../api/client';
import { makeI18n } from '../i18n';
import { displayPhone, phoneProblem } from './phone';

const problem = (status: number, slug: string, errors: FieldError[] = []) =>
  new ApiProblem({ type: `https://sangsaeng.kr/problems/${slug}`, title: slug, status, errors });

describe('phoneProblem (what a refused verification step tells the user)', () => {
  it('counts the tries left after a wrong code, in Korean', () => {
    const wrong = phoneProblem(problem(422, 'wrong-code', [{ field: 'code', message: 'is not right; 3 tries left' }]));
    expect(wrong).toEqual({ key: 'phone.wrong_code', triesLeft: 3, restart: false });
    const { t } = makeI18n('ko', () => {});
    expect(t(wrong!.key, { tries: wrong!.triesLeft! })).toBe('인증번호가 맞지 않습니다. 3번 더 입력할 수 있습니다.');
    expect(phoneProblem(problem(422, 'wrong-code', [{ field: 'code', message: 'is not right; 0 tries left' }]))?.restart).toBe(true);
  });

  it('asks for a new code when the code expired or was tried too often', () => {
    expect(phoneProblem(problem(409, 'code-expired'))).toEqual({ key: 'phone.code_expired', restart: true });
    expect(phoneProblem(problem(409, 'too-many-tries'))).toEqual({ key: 'phone.too_many_tries', restart: true });
    const { t } = makeI18n('ko', () => {});
    expect(t('phone.code_expired')).toBe('인증번호가 만료되었습니다. 인증번호를 다시 받아 주세요.');
  });

  it('names a number that is not a Korean mobile one, a limit and a phone in use', () => {
    expect(phoneProblem(problem(422, 'validation', [{ field: 'phone', message: 'x' }]))?.key).toBe('phone.invalid_number');
    expect(phoneProblem(problem(429, 'rate-limited'))?.key).toBe('phone.rate_limited');
    expect(phoneProblem(problem(409, 'phone-in-use'))?.key).toBe('phone.in_use');
    expect(phoneProblem(problem(422, 'validation', [{ field: 'email', message: 'x' }]))).toBeNull();
    expect(phoneProblem(new Error('x'))).toBeNull();
  });
});

describe('displayPhone', () => {
  it('shows a normalised number the way people write it', () => {
    expect(displayPhone('+821012345678')).toBe('010-1234-5678');
    expect(displayPhone('+15550100')).toBe('+15550100');
  });
});
