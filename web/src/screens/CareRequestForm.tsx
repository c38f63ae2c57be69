// 방문 신청 (any signed-in customer): book a home visit for oneself: IT help or a lesson from an IT
// supporter, a repair by an engineer (naming one's own "internet doctor"), or a female
// technician; a female-helper-only option for a home where a woman or an elderly person is alone
// in the day; weekend days are weekend service. The bookings and their status are listed below.
import { useEffect, useState } from 'preact/hooks';
import {
  ApiProblem,
  bookCareVisit,
  type CareProgram,
  type CareRequest,
  type CareRequestKind,
  careEngineers,
  isProblem,
  myCareRequests,
} from '../api/client';
import { bookingSlots, isWeekend, kSeoulDistricts, seoulDate } from '../care/logic';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { FormField } from './MarketForm';

const kPrograms: CareProgram[] = ['it-support', 'internet-doctor', 'female-tech'];
const kKinds: Record<CareProgram, CareRequestKind[]> = {
  'it-support': ['home_it_help', 'it_education'],
  'internet-doctor': ['broadband_repair', 'installation'],
  'female-tech': ['broadband_repair', 'installation'],
};
const kNeeds = ['elderly', 'lives-alone', 'disability', 'migrant'] as const;
const kLanguages = ['ko', 'vi', 'zh', 'en', 'tl', 'ksl'] as const;

interface Form {
  program: CareProgram;
  kind: CareRequestKind;
  date: string;
  slots: string[];
  name: string;
  phone: string;
  district: string;
  address: string;
  needs: string[];
  language: string;
  female: boolean;
  engineer: string;
  consent: boolean;
}

function toggle(list: string[], item: string, on: boolean): string[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

export function CareRequestFormScreen() {
  const { t, locale, date: dateText } = useI18n();
  const session = useSession();
  usePageTitle(t('care.request.title'));
  const [form, setForm] = useState<Form>(() => ({
    program: 'it-support',
    kind: 'home_it_help',
    date: seoulDate(new Date(), 1),
    slots: [],
    name: '',
    phone: '',
    district: '마포구',
    address: '',
    needs: [],
    language: 'ko',
    female: false,
    engineer: '',
    consent: false,
  }));
  const [engineers, setEngineers] = useState<{ id: string; name: string; team: string }[]>([]);
  const [mine, setMine] = useState<CareRequest[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const [e, m] = await Promise.all([careEngineers(), myCareRequests()]);
      setEngineers(e.items);
      setMine(m.items);
    } catch (err) {
      if (isProblem(err, 'unauthenticated')) session.expire();
      setError(problemMessage(err, t));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const slots = bookingSlots(form.date);

  async function submit(e: Event) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = t('care.request.required');
    if (!form.phone.trim()) local.phone = t('care.request.required');
    if (!form.address.trim()) local.address = t('care.request.required');
    if (form.slots.length === 0) local.windows = t('care.request.pick_time');
    if (!form.consent) local.consent = t('care.request.consent_needed');
    setErrors(local);
    setDone(null);
    setError(null);
    if (Object.keys(local).length > 0) return;
    const place = kSeoulDistricts.find((d) => d.ko === form.district) ?? kSeoulDistricts[0];
    setBusy(true);
    try {
      const booked = await bookCareVisit({
        program: form.program,
        kind: form.kind,
        date: form.date,
        windows: slots.filter((s) => form.slots.includes(s.key)).map((s) => s.window),
        name: form.name.trim(),
        phone: form.phone.trim(),
        address: `서울 ${form.district} ${form.address.trim()}`,
        lat: place.lat,
        lon: place.lon,
        needs: form.needs,
        language: form.language === 'ko' ? undefined : form.language,
        female_helper_only: form.female || form.program === 'female-tech',
        designated_helper_id: form.program === 'internet-doctor' && form.engineer ? form.engineer : undefined,
        consent: form.consent,
      });
      setDone(t('care.request.booked', { date: dateText(booked.date) }));
      setMine((old) => [booked, ...old]);
    } catch (err) {
      if (err instanceof ApiProblem && err.errors.length > 0) {
        const fields: Record<string, string> = {};
        for (const fe of err.errors) fields[fe.field] = fe.message;
        setErrors(fields);
      }
      setError(
        isProblem(err, 'too-many-requests') ? t('care.request.too_many') : problemMessage(err, t),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="request-heading">
      <h1 id="request-heading" tabIndex={-1}>
        {t('care.request.title')}
      </h1>
      <p class="muted">{t('care.request.intro')}</p>
      <form class="form panel" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('care.request.program')}</legend>
          {kPrograms.map((p) => (
            <div class="field field-check" key={p}>
              <input
                id={`program-${p}`}
                type="radio"
                name="program"
                checked={form.program === p}
                onChange={() => set({ program: p, kind: kKinds[p][0] })}
              />
              <label for={`program-${p}`}>{t(`care.request.program_${p}`)}</label>
            </div>
          ))}
        </fieldset>
        <FormField id="request-kind" label={t('care.request.kind')}>
          {(a11y) => (
            <select {...a11y} value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value as CareRequestKind })}>
              {kKinds[form.program].map((k) => (
                <option key={k} value={k}>
                  {t(`care.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="request-date"
          label={t('care.request.date')}
          hint={isWeekend(form.date) ? t('care.request.weekend') : undefined}
          error={errors.date}
        >
          {(a11y) => (
            <input
              {...a11y}
              type="date"
              min={seoulDate(new Date(), 1)}
              max={seoulDate(new Date(), 60)}
              value={form.date}
              onChange={(e) => set({ date: e.currentTarget.value })}
            />
          )}
        </FormField>
        <fieldset aria-describedby={errors.windows ? 'request-windows-error' : undefined}>
          <legend>{t('care.request.time')}</legend>
          {slots.map((s) => (
            <div class="field field-check" key={s.key}>
              <input
                id={`slot-${s.key}`}
                type="checkbox"
                checked={form.slots.includes(s.key)}
                onChange={(e) => set({ slots: toggle(form.slots, s.key, e.currentTarget.checked) })}
              />
              <label for={`slot-${s.key}`}>{t(`care.request.slot_${s.key}`, { window: s.window })}</label>
            </div>
          ))}
          {errors.windows && (
            <p id="request-windows-error" class="field-error">
              {errors.windows}
            </p>
          )}
        </fieldset>
        <FormField id="request-name" label={t('care.request.name')} error={errors.name}>
          {(a11y) => <input {...a11y} type="text" autoComplete="name" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
        </FormField>
        <FormField id="request-phone" label={t('care.request.phone')} error={errors.phone}>
          {(a11y) => <input {...a11y} type="tel" autoComplete="tel" value={form.phone} onInput={(e) => set({ phone: e.currentTarget.value })} />}
        </FormField>
        <FormField id="request-district" label={t('care.request.district')}>
          {(a11y) => (
            <select {...a11y} value={form.district} onChange={(e) => set({ district: e.currentTarget.value })}>
              {kSeoulDistricts.map((d) => (
                <option key={d.ko} value={d.ko}>
                  {locale === 'ko' ? d.ko : d.en}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="request-address" label={t('care.request.address')} hint={t('care.request.address_hint')} error={errors.address}>
          {(a11y) => <input {...a11y} type="text" autoComplete="street-address" value={form.address} onInput={(e) => set({ address: e.currentTarget.value })} />}
        </FormField>
        <fieldset>
          <legend>{t('care.request.needs')}</legend>
          {kNeeds.map((n) => (
            <div class="field field-check" key={n}>
              <input
                id={`need-${n}`}
                type="checkbox"
                checked={form.needs.includes(n)}
                onChange={(e) => set({ needs: toggle(form.needs, n, e.currentTarget.checked) })}
              />
              <label for={`need-${n}`}>{t(`care.need.${n}`)}</label>
            </div>
          ))}
        </fieldset>
        <FormField id="request-language" label={t('care.request.language')}>
          {(a11y) => (
            <select {...a11y} value={form.language} onChange={(e) => set({ language: e.currentTarget.value })}>
              {kLanguages.map((l) => (
                <option key={l} value={l}>
                  {t(`care.lang.${l}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div class="field field-check">
          <input
            id="request-female"
            type="checkbox"
            checked={form.female || form.program === 'female-tech'}
            disabled={form.program === 'female-tech'}
            onChange={(e) => set({ female: e.currentTarget.checked })}
          />
          <label for="request-female">{t('care.request.female')}</label>
        </div>
        {form.program === 'internet-doctor' && (
          <FormField id="request-engineer" label={t('care.request.engineer')} hint={t('care.request.engineer_hint')} error={errors.designated_helper_id}>
            {(a11y) => (
              <select {...a11y} value={form.engineer} onChange={(e) => set({ engineer: e.currentTarget.value })}>
                <option value="">{t('care.request.engineer_none')}</option>
                {engineers.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name} ({x.team})
                  </option>
                ))}
              </select>
            )}
          </FormField>
        )}
        <div class="field field-check">
          <input
            id="request-consent"
            type="checkbox"
            checked={form.consent}
            aria-invalid={errors.consent ? 'true' : undefined}
            aria-describedby={errors.consent ? 'request-consent-error' : undefined}
            onChange={(e) => set({ consent: e.currentTarget.checked })}
          />
          <label for="request-consent">{t('care.request.consent')}</label>
          {errors.consent && (
            <p id="request-consent-error" class="field-error">
              {errors.consent}
            </p>
          )}
        </div>
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('care.request.sending') : t('care.request.submit')}
        </button>
        {done && (
          <p class="notice notice-success" role="status">
            {done}
          </p>
        )}
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
      </form>
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t('care.request.mine')}</h2>
        {mine.length === 0 && <p class="muted">{t('care.request.mine_empty')}</p>}
        <ul class="cards">
          {mine.map((r) => (
            <li key={r.id} class="card" data-testid="my-request">
              <h3 class="card-title">
                {dateText(r.date)} · {t(`care.kind.${r.kind}`)}
              </h3>
              <p class="card-meta">
                {r.windows.join(', ')} · {t(`care.status.${r.status}`)}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
