// 청각 지원 심사 (the hearing program's reviewers): applications newest first, by status.
import { useEffect, useState } from 'preact/hooks';
import { type GrantStatus, type GrantSummary, grantQueue, isProblem } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type MessageKey, useI18n } from '../i18n';
import { useSession } from '../session';

const kFilters: (GrantStatus | '')[] = ['', 'submitted', 'screening', 'approved', 'surgery', 'rehabilitation', 'declined', 'closed'];

export function GrantQueueScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [status, setStatus] = useState<GrantStatus | ''>('');
  const [items, setItems] = useState<GrantSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('grants.queue.title'));

  async function load(s: GrantStatus | '') {
    try {
      setItems((await grantQueue(s || undefined)).items);
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    }
  }
  useEffect(() => {
    void load(status);
  }, [status]);

  return (
    <section aria-labelledby="queue-heading">
      <h1 id="queue-heading" tabIndex={-1}>
        {t('grants.queue.title')}
      </h1>
      <p class="notice notice-info">{t('grants.queue.intro')}</p>
      <p>
        <a href="/funds/art-hall">{t('nav.grant_fund')}</a>
      </p>
      <div class="field">
        <label for="queue-status">{t('grants.queue.filter')}</label>
        <select id="queue-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as GrantStatus | '')}>
          {kFilters.map((f) => (
            <option key={f} value={f}>
              {f ? t(`grants.status.${f}` as MessageKey) : t('grants.queue.all')}
            </option>
          ))}
        </select>
      </div>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(status)} />}
      {items && items.length === 0 && <p class="muted">{t('grants.queue.empty')}</p>}
      <ul class="cards">
        {items?.map((a) => (
          <li key={a.id} class="card" data-testid="queue-item">
            <h2 class="card-title">
              <a href={`/grants/${a.id}`}>{t('grants.case.heading', { child: a.child_name, hospital: a.hospital })}</a>
            </h2>
            <p>
              {t(`grants.status.${a.status}` as MessageKey)} · {i18n.krw(a.granted_won || a.requested_won)}
            </p>
            <p class="card-meta">{i18n.kst(a.created_at)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
