import type { QualityReport } from '@oac/shared';
import { describe, expect, it } from 'vitest';
import type { Vars } from '../../i18n/I18nProvider';
import { dictionaries, type MessageKey } from '../../i18n/messages';
import { toCsv } from '../planning/csv';
import { busiestDay, contactsSeries, csatBars, modalRating, slaHasData, slaRows, topChannel } from './qualityData';
import { createQualityFormat } from './qualityFormat';
import { contactsTable, csatTable, figuresTable, NO_DATA, slaTable, tableCsvRows, tableFileName, type TableText } from './qualityTables';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const en: TableText = {
  t: (key: MessageKey, vars?: Vars) => dictionaries.en[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(vars?.[name] ?? whole)),
  f: createQualityFormat('en'),
};

const stats = (samples: number, p50: number | null, p90: number | null, mean: number | null) => ({
  samples,
  p50Seconds: p50,
  p90Seconds: p90,
  meanSeconds: mean,
});

const sla = (priority: QualityReport['sla'][number]['priority'], extra: Partial<QualityReport['sla'][number]> = {}) => ({
  priority,
  answerTargetSeconds: 120,
  answerable: 0,
  answeredInTarget: 0,
  answeredRate: null,
  owned: 0,
  ownedInTime: 0,
  ownedRate: null,
  resolved: 0,
  resolvedInTime: 0,
  resolvedRate: null,
  ...extra,
});

const report: QualityReport = {
  from: '2026-03-01',
  to: '2026-03-04',
  timeZone: 'Europe/Madrid',
  contactsPerDay: [
    { day: '2026-03-03', channel: 'phone', contacts: 2 },
    { day: '2026-03-01', channel: 'appointment', contacts: 3 },
    { day: '2026-03-03', channel: 'appointment', contacts: 4 },
  ],
  contacts: 9,
  wait: stats(7, 95, 600, 200),
  handling: stats(5, 540, 900, 610.4),
  noShow: { ended: 10, noShows: 1, rate: 0.1 },
  firstContactResolution: { resolved: 4, firstContact: 3, rate: 0.75 },
  callbacks: { requested: 2, completed: 0, turnaround: stats(0, null, null, null) },
  csat: {
    answers: 4,
    mean: 4.25,
    distribution: [
      { rating: 5, count: 2 },
      { rating: 4, count: 1 },
      { rating: 3, count: 1 },
    ],
    solvedRate: 0.5,
  },
  sla: [
    sla('low'),
    sla('urgent', { answerable: 10, answeredInTarget: 8, answeredRate: 0.8, answerTargetSeconds: 60 }),
    sla('normal'),
    sla('high'),
  ],
};

describe('contactsSeries', () => {
  it('has every day of the period, quiet ones at zero, and only the channels used, in order', () => {
    const series = contactsSeries(report);
    expect(series.channels).toEqual(['appointment', 'phone']);
    expect(series.days.map((d) => [d.day, d.total])).toEqual([
      ['2026-03-01', 3],
      ['2026-03-02', 0],
      ['2026-03-03', 6],
      ['2026-03-04', 0],
    ]);
    expect(series.total).toBe(9);
    expect(busiestDay(series)?.day).toBe('2026-03-03');
    expect(topChannel(series)).toBe('appointment');
  });

  it('says nothing is busiest when nothing came in', () => {
    const series = contactsSeries({ ...report, contactsPerDay: [] });
    expect(series.channels).toEqual([]);
    expect(series.days).toHaveLength(4);
    expect(busiestDay(series)).toBeNull();
    expect(topChannel(series)).toBeNull();
  });
});

describe('the tables behind the charts', () => {
  it('lists contacts per day and channel, with totals, as the CSV writes them', () => {
    const table = contactsTable(contactsSeries(report), en);
    expect(tableCsvRows(table)).toEqual([
      ['Day', 'Appointment', 'Phone', 'Total'],
      ['2026-03-01', '3', '0', '3'],
      ['2026-03-02', '0', '0', '0'],
      ['2026-03-03', '4', '2', '6'],
      ['2026-03-04', '0', '0', '0'],
      ['Total', '7', '2', '9'],
    ]);
    expect(toCsv(tableCsvRows(table)).startsWith('\uFEFFDay,Appointment,Phone,Total\r\n2026-03-01,3,0,3\r\n')).toBe(true);
  });

  it('gives all five ratings, the missing ones at zero', () => {
    const bars = csatBars(report.csat);
    expect(bars.map((b) => b.count)).toEqual([0, 0, 1, 1, 2]);
    expect(modalRating(bars)?.rating).toBe(5);
    expect(tableCsvRows(csatTable(bars, en)).map((r) => r.map(plain))).toEqual([
      ['Rating', 'Answers', 'Share'],
      ['1', '0', '0%'],
      ['2', '0', '0%'],
      ['3', '1', '25%'],
      ['4', '1', '25%'],
      ['5', '2', '50%'],
    ]);
    const none = csatBars({ answers: 0, mean: null, distribution: [], solvedRate: null });
    expect(modalRating(none)).toBeNull();
    expect(csatTable(none, en).rows[0]).toEqual(['1', '0', NO_DATA]);
  });

  it('orders the service levels urgent first and shows a rate with nothing to divide by as no data', () => {
    const rows = slaRows(report.sla);
    expect(rows.map((r) => r.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    expect(slaHasData(rows)).toBe(true);
    expect(slaHasData(rows.map((r) => ({ ...r, answerable: 0 })))).toBe(false);
    const table = slaTable(rows, en);
    expect(table.header).toEqual(['Priority', 'Answer target', 'Answered within the target', 'Taken in time', 'Resolved in time']);
    expect(table.rows[0]!.map(plain)).toEqual(['Urgent', '1 min', '80% (8 of 10)', '— (0 of 0)', '— (0 of 0)']);
    expect(table.rows[1]![1]).toBe('2 mins');
  });

  it('lists the headline figures, a missing one as no data', () => {
    const rows = figuresTable(report, en).rows.map((r) => r.map(plain));
    expect(rows[0]).toEqual(['Contacts', '9', NO_DATA]);
    expect(rows[1]).toEqual(['Wait before attention, median', '1 min 35 secs', 'Samples: 7']);
    expect(rows[5]).toEqual(['No-show rate', '10%', 'No-shows: 1 · Appointments ended: 10']);
    expect(rows[7]).toEqual(['Callback turnaround, median', NO_DATA, 'Called back: 0 · Requested: 2']);
    expect(rows[8]).toEqual(['Satisfaction, mean out of 5', '4.3', 'Samples: 4']);
  });

  it('names each CSV after the office, the period and the table', () => {
    const scope = { office: 'oac-ciutat-vella', from: '2026-03-01', to: '2026-03-31' };
    expect(tableFileName({ name: 'sla' }, scope)).toBe('quality-oac-ciutat-vella-2026-03-01-2026-03-31-sla.csv');
    expect(tableFileName({ name: 'csat' }, { ...scope, office: null })).toBe('quality-all-2026-03-01-2026-03-31-csat.csv');
  });
});
