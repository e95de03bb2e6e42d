import { describe, expect, it } from 'vitest';
import {
  periodDays,
  periodProblem,
  qualityApiQuery,
  qualityHref,
  readQualityFilters,
  resolvePeriod,
  type QualityFilters,
} from './qualityUrl';

const office = '6f1c1b9e-6a55-4c43-9d1c-0d6f0f3f2a11';
const queue = '0b7c1b9e-6a55-4c43-9d1c-0d6f0f3f2a22';
const procedure = '1a2b1b9e-6a55-4c43-9d1c-0d6f0f3f2a33';
const none: QualityFilters = { period: { kind: 'preset', preset: '30d' }, office: null, queue: null, procedure: null, priority: null };
const read = (search: string) => readQualityFilters(new URLSearchParams(search));

describe('readQualityFilters', () => {
  it('defaults to the last 30 days, every office, queue, procedure and priority', () => {
    expect(read('')).toEqual(none);
  });

  it('reads every parameter', () => {
    expect(read(`from=2026-03-01&to=2026-03-31&office=${office}&queue=${queue}&procedure=${procedure}&priority=urgent`)).toEqual({
      period: { kind: 'range', from: '2026-03-01', to: '2026-03-31' },
      office,
      queue,
      procedure,
      priority: 'urgent',
    });
    expect(read('period=7d').period).toEqual({ kind: 'preset', preset: '7d' });
    expect(read('period=month').period).toEqual({ kind: 'preset', preset: 'month' });
  });

  it('drops what is not valid rather than failing on a hand-edited address', () => {
    expect(read('office=x&queue=1&procedure=&priority=soon&period=year')).toEqual(none);
    // A period that ends before it starts, lasts too long or names no real day falls back to the preset.
    expect(read('from=2026-03-31&to=2026-03-01').period).toEqual(none.period);
    expect(read('from=2024-12-31&to=2026-01-01').period).toEqual(none.period);
    expect(read('from=2026-02-30&to=2026-03-01').period).toEqual(none.period);
    expect(read('from=2026-03-01&period=7d').period).toEqual({ kind: 'preset', preset: '7d' });
  });
});

describe('qualityHref', () => {
  it('leaves the defaults out, so the plain link stays plain', () => {
    expect(qualityHref(none)).toBe('/staff/quality');
    expect(qualityHref({ ...none, period: { kind: 'preset', preset: 'month' } })).toBe('/staff/quality?period=month');
  });

  it('round-trips every filter', () => {
    const filters: QualityFilters = {
      period: { kind: 'range', from: '2026-01-05', to: '2026-02-04' },
      office,
      queue,
      procedure,
      priority: 'low',
    };
    const href = qualityHref(filters);
    expect(href).toBe(`/staff/quality?from=2026-01-05&to=2026-02-04&office=${office}&queue=${queue}&procedure=${procedure}&priority=low`);
    expect(readQualityFilters(new URL(href, 'http://x').searchParams)).toEqual(filters);
    const preset = { ...filters, period: { kind: 'preset', preset: '7d' } } as const;
    expect(readQualityFilters(new URL(qualityHref(preset), 'http://x').searchParams)).toEqual(preset);
  });
});

describe('resolvePeriod', () => {
  it('ends the quick periods today, counting today in', () => {
    expect(resolvePeriod({ kind: 'preset', preset: '7d' }, '2026-03-05')).toEqual({ from: '2026-02-27', to: '2026-03-05' });
    expect(resolvePeriod({ kind: 'preset', preset: '30d' }, '2026-03-05')).toEqual({ from: '2026-02-04', to: '2026-03-05' });
    expect(resolvePeriod({ kind: 'preset', preset: 'month' }, '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(periodDays('2026-02-27', '2026-03-05')).toBe(7);
    expect(periodDays('2026-02-04', '2026-03-05')).toBe(30);
  });

  it('keeps a range as it is, across a change of clocks too', () => {
    expect(resolvePeriod({ kind: 'range', from: '2026-03-20', to: '2026-04-02' }, '2026-05-01')).toEqual({
      from: '2026-03-20',
      to: '2026-04-02',
    });
    expect(periodDays('2026-03-28', '2026-03-30')).toBe(3);
  });
});

describe('periodProblem', () => {
  it('accepts one day and up to 366, and says what is wrong otherwise', () => {
    expect(periodProblem('2026-03-01', '2026-03-01')).toBeNull();
    expect(periodProblem('2024-01-01', '2024-12-31')).toBeNull();
    expect(periodProblem('2024-01-01', '2025-01-01')).toBe('too_long');
    expect(periodProblem('2026-03-02', '2026-03-01')).toBe('reversed');
    expect(periodProblem('', '2026-03-01')).toBe('missing');
  });
});

describe('qualityApiQuery', () => {
  it('sends the period and only the filters chosen', () => {
    expect(qualityApiQuery(none, '2026-03-05', true)).toEqual({ from: '2026-02-04', to: '2026-03-05' });
    expect(qualityApiQuery({ ...none, office, queue, procedure, priority: 'high' }, '2026-03-05', true)).toEqual({
      from: '2026-02-04',
      to: '2026-03-05',
      officeId: office,
      queueId: queue,
      serviceId: procedure,
      priority: 'high',
    });
  });

  it("never sends a scheduler's office: the server knows it", () => {
    expect(qualityApiQuery({ ...none, office }, '2026-03-05', false)).toEqual({ from: '2026-02-04', to: '2026-03-05' });
  });
});
