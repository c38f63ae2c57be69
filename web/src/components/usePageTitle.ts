import { useEffect } from 'preact/hooks';
import { useI18n } from '../i18n';

/** Sets document.title to "<page> · 상생" (or "· Sangsaeng"), following the language. */
export function usePageTitle(page: string): void {
  const { t } = useI18n();
  const app = t('app.name');
  useEffect(() => {
    document.title = page ? `${page} · ${app}` : app;
  }, [page, app]);
}
