// The volunteer corps' public figures, under its program page (no log-in): this year's hours
// and people by month and by kind of welfare facility. Counts only, never names.
import { useEffect, useState } from 'preact/hooks';
import { type VolunteerPublic, type VolunteerPublicRow, volunteerPublic } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { type MessageKey, useI18n } from '../i18n';

function Rows(props: { title: string; head: string; rows: VolunteerPublicRow[]; label: (key: string) => string; testId: string }) {
  const { t } = useI18n();
  return (
    <div class="table-scroll">
      <table class="table" data-testid={props.testId}>
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col">{t('vpublic.hours')}</th>
            <th scope="col">{t('vpublic.people')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{props.label(r.key)}</th>
              <td>{t('volunteer.hours', { hours: r.hours })}</td>
              <td>{r.people}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function VolunteerPublicFigures() {
  const { t } = useI18n();
  const [figures, setFigures] = useState<VolunteerPublic | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const abort = new AbortController();
    volunteerPublic(undefined, { signal: abort.signal })
      .then(setFigures)
      .catch((e: unknown) => !abort.signal.aborted && setError(e));
    return () => abort.abort();
  }, []);
  return (
    <section aria-labelledby="volunteer-public-title" class="figures-page">
      <h2 id="volunteer-public-title">
        {t('vpublic.title')} {figures ? `(${figures.year})` : ''}
      </h2>
      {error !== null && <ProblemNotice error={error} />}
      {figures && figures.by_month.length === 0 && <p>{t('vpublic.empty')}</p>}
      {figures && figures.by_month.length > 0 && (
        <>
          <Rows
            title={t('vpublic.by_month')}
            head={t('vpublic.month')}
            rows={figures.by_month}
            label={(key) => key}
            testId="volunteer-by-month"
          />
          <Rows
            title={t('vpublic.by_kind')}
            head={t('vpublic.kind')}
            rows={figures.by_facility_kind}
            label={(key) => t(`vmanage.kind.${key}` as MessageKey)}
            testId="volunteer-by-kind"
          />
        </>
      )}
    </section>
  );
}
