// Shows a failed request as one localized sentence, with a retry button when that can help.
import { ApiProblem } from '../api/client';
import { type I18n, useI18n } from '../i18n';

/** The localized sentence for a failed request, by problem type and status. */
export function problemMessage(error: unknown, t: I18n['t']): string {
  if (!(error instanceof ApiProblem)) return t('error.generic', { status: '?' });
  switch (error.slug) {
    case 'network-error':
      return t('error.network');
    case 'csrf':
      return t('error.csrf');
    case 'forbidden':
      return t('error.forbidden');
    case 'unauthenticated':
      return t('error.unauthenticated');
    case 'rate-limited':
      return t('error.rate_limited');
    case 'validation':
      return t('error.validation');
  }
  if (error.status === 401) return t('error.unauthenticated');
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 429) return t('error.rate_limited');
  if (error.status >= 500) return t('error.server');
  return t('error.generic', { status: error.status });
}

export function ProblemNotice(props: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="notice notice-error" role="alert">
      <p>{problemMessage(props.error, t)}</p>
      {props.onRetry && (
        <button type="button" class="button button-secondary" onClick={props.onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}
