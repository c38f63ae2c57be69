// Audit log (admin, auditor): newest first, 50 at a time, "더 보기" follows the cursor.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type AuditEntry, isProblem, listAudit } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const kPageSizeDefault = 50;
const kPageSizeMax = 200;

/** Page size from "?limit=N" (1..200), else 50: admins may want longer pages. */
export function pageSize(query: string | undefined): number {
  if (!query || !/^\d+$/.test(query)) return kPageSizeDefault;
  return Math.min(Math.max(Number(query), 1), kPageSizeMax);
}

interface State {
  items: AuditEntry[];
  cursor: string | null;
  loading: boolean;
  error: unknown;
  started: boolean;
}

export function AuditScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const limit = pageSize(useLocation().query.limit);
  const [state, setState] = useState<State>({ items: [], cursor: null, loading: true, error: null, started: false });
  const abortRef = useRef<AbortController | null>(null);
  usePageTitle(t('audit.title'));

  async function loadPage(cursor: string | null) {
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await listAudit({ cursor, limit, signal: abort.signal });
      setState((s) => ({
        items: cursor ? [...s.items, ...page.items] : page.items,
        cursor: page.next_cursor,
        loading: false,
        error: null,
        started: true,
      }));
    } catch (error) {
      if (abort.signal.aborted) return;
      if (isProblem(error, 'unauthenticated')) session.expire();
      setState((s) => ({ ...s, loading: false, error, started: true }));
    }
  }

  useEffect(() => {
    void loadPage(null);
    return () => abortRef.current?.abort();
  }, []);

  function when(at: string): string {
    try {
      return i18n.kst(at);
    } catch {
      return at;
    }
  }

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title" tabIndex={-1}>
        {t('audit.title')}
      </h1>
      <p class="muted">{t('audit.intro')}</p>
      {state.started && state.items.length === 0 && !state.error && <p class="muted">{t('audit.empty')}</p>}
      {state.items.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-title">
          <table class="table">
            <caption class="visually-hidden">{t('audit.count', { count: state.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.status')}</th>
                <th scope="col">{t('audit.remote_addr')}</th>
                <th scope="col">{t('audit.request_id')}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((entry) => (
                <tr key={entry.id}>
                  <td class="nowrap">
                    <time dateTime={entry.at}>{when(entry.at)}</time>
                  </td>
                  <td>{entry.actor ? entry.actor.email : <span class="muted">{t('audit.system')}</span>}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td class="break">{entry.target}</td>
                  <td>{String(entry.status)}</td>
                  <td class="nowrap">{entry.remote_addr}</td>
                  <td>
                    <code class="small">{entry.request_id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.error !== null && (
        <ProblemNotice error={state.error} onRetry={() => void loadPage(state.items.length ? state.cursor : null)} />
      )}
      <div class="pager">
        {state.items.length > 0 && (
          <p class="muted" aria-live="polite">
            {t('audit.count', { count: state.items.length })}
          </p>
        )}
        {state.loading ? (
          <p class="muted" role="status">
            {state.items.length ? t('audit.loading_more') : t('app.loading')}
          </p>
        ) : state.cursor ? (
          <button type="button" class="button button-secondary" onClick={() => void loadPage(state.cursor)}>
            {t('audit.more')}
          </button>
        ) : (
          state.items.length > 0 && !state.error && <p class="muted">{t('audit.end')}</p>
        )}
      </div>
    </section>
  );
}
