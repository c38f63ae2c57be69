import { describe, expect, it } from 'vitest';
import type { OutageTerms } from '../api/client';
import { makeI18n } from '../i18n';
import { kEmptyReport, reportRequest } from './OutageReport';
import { termsPayments, termsThresholds } from './OutageTerms';

const ko = makeI18n('ko', () => {});

describe('reportRequest (the outage report form)', () => {
  it('sends areas, Korea times with their offset, and the named terms', () => {
    const { body, errors } = reportRequest(
      {
        ...kEmptyReport,
        areas: '서울 마포 A,\n서울 은평 C',
        started_at: '2026-11-29T10:00',
        ended_at: '2026-11-29T14:30',
        cause: ' 광케이블 절단 ',
        gross_negligence: true,
        terms_id: '42',
      },
      ko.t,
    );
    expect(errors).toEqual({});
    expect(body).toEqual({
      areas: ['서울 마포 A', '서울 은평 C'],
      started_at: '2026-11-29T10:00:00+09:00',
      ended_at: '2026-11-29T14:30:00+09:00',
      cause: '광케이블 절단',
      gross_negligence: true,
      terms_id: '42',
    });
  });

  it('leaves the end out of an ongoing outage and says what is missing', () => {
    const ongoing = reportRequest({ ...kEmptyReport, line_ids: '7', started_at: '2026-11-29T10:00', cause: 'x' }, ko.t);
    expect(ongoing.body).toEqual({ started_at: '2026-11-29T10:00:00+09:00', cause: 'x', gross_negligence: false, line_ids: ['7'] });
    const empty = reportRequest(kEmptyReport, ko.t);
    expect(empty.body).toBeUndefined();
    expect(empty.errors).toEqual({
      areas: '영향 지역이나 회선을 하나 이상 입력하세요.',
      started_at: '필수 항목입니다.',
      cause: '필수 항목입니다.',
    });
  });
});

const k2023: OutageTerms = {
  id: '1',
  code: 'terms-2023-03',
  name: '2023',
  effective_from: '2023-03-01T00:00:00+09:00',
  named_only: false,
  continuous_minutes_min: 120,
  monthly_cumulative_minutes_min: 0,
  any_interruption: false,
  negligence_damages_any_length: true,
  refund_pro_rata: true,
  damages_multiple: 10,
  voluntary_multiple: 0,
  voluntary_basis: 'line',
  voluntary_hours_rounded_up: false,
  voluntary_fee_days: 0,
  small_merchant_fee_days: 0,
  small_merchant_fee_months: 0,
};

describe('terms in words', () => {
  it('reads thresholds and payments', () => {
    expect(termsThresholds(ko, k2023)).toEqual(['연속 2시간 이상', '고의·중과실은 시간과 무관하게 손해배상']);
    expect(termsPayments(ko.t, k2023)).toEqual(['요금 감면 (장애 시간 비례, 자동)', '손해배상: 시간당 요금의 10배 (청구 시)']);
  });

  it('reads a voluntary package with small merchants apart', () => {
    const kt2021 = {
      ...k2023,
      continuous_minutes_min: 0,
      any_interruption: true,
      negligence_damages_any_length: false,
      refund_pro_rata: false,
      damages_multiple: 0,
      voluntary_multiple: 10,
      voluntary_basis: 'event_longest' as const,
      small_merchant_fee_days: 10,
    };
    expect(termsThresholds(ko, kt2021)).toEqual(['장애 시간과 무관']);
    expect(termsPayments(ko.t, kt2021)).toEqual(['자율 보상: 최장 장애 시간의 10배 (자동)', '소상공인: 요금 10일분']);
  });
});
