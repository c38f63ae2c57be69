// Pieces the care screens share: a request's facts in words (program, kind, times, length,
// what it needs).
import type { CareRequest } from '../api/client';
import { useI18n } from '../i18n';

/** The language codes the programs use, in words. */
export function languageName(code: string, t: ReturnType<typeof useI18n>['t']): string {
  switch (code) {
    case 'ko':
    case 'vi':
    case 'zh':
    case 'en':
    case 'tl':
    case 'ksl':
      return t(`care.lang.${code}`);
    default:
      return code;
  }
}

export function RequestFacts(props: { request: CareRequest }) {
  const { t } = useI18n();
  const r = props.request;
  return (
    <dl class="facts">
      <dt>{t('care.fact.program')}</dt>
      <dd>{t(`care.program.${r.program}`)}</dd>
      <dt>{t('care.fact.windows')}</dt>
      <dd>{r.windows.length ? r.windows.join(', ') : t('care.fact.any_time')}</dd>
      <dt>{t('care.fact.duration')}</dt>
      <dd>{t('care.fact.minutes', { count: r.duration_min })}</dd>
      {(r.skills.length > 0 || r.language) && (
        <>
          <dt>{t('care.fact.needs')}</dt>
          <dd>{[...r.skills, ...(r.language ? [languageName(r.language, t)] : [])].join(', ')}</dd>
        </>
      )}
      {r.priority > 0 && (
        <>
          <dt>{t('care.fact.priority')}</dt>
          <dd>{r.priority}</dd>
        </>
      )}
    </dl>
  );
}
