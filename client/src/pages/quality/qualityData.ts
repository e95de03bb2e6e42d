import { TicketChannel, TicketPriority, type QualityReport } from '@oac/shared';
import { addDays } from '../../i18n/format';

/*
 * The report reshaped for the charts and their tables: pure, so that what a chart draws and what
 * its table (and CSV) says come from one place.
 */

export interface ContactsDay {
  day: string;
  total: number;
  byChannel: Partial<Record<TicketChannel, number>>;
}

export interface ContactsSeries {
  /** The channels that had any contact, in the protocol's order: the chart stacks these. */
  channels: TicketChannel[];
  /** Every day of the period, those without contacts included, so a quiet day shows as a gap, not as nothing. */
  days: ContactsDay[];
  totalsByChannel: Partial<Record<TicketChannel, number>>;
  total: number;
}

export function contactsSeries(report: Pick<QualityReport, 'from' | 'to' | 'contactsPerDay'>): ContactsSeries {
  const byDay = new Map<string, ContactsDay>();
  for (let day = report.from; day <= report.to; day = addDays(day, 1)) byDay.set(day, { day, total: 0, byChannel: {} });
  const totalsByChannel: Partial<Record<TicketChannel, number>> = {};
  let total = 0;
  for (const { day, channel, contacts } of report.contactsPerDay) {
    let entry = byDay.get(day);
    if (!entry) {
      entry = { day, total: 0, byChannel: {} };
      byDay.set(day, entry);
    }
    entry.byChannel[channel] = (entry.byChannel[channel] ?? 0) + contacts;
    entry.total += contacts;
    totalsByChannel[channel] = (totalsByChannel[channel] ?? 0) + contacts;
    total += contacts;
  }
  return {
    channels: TicketChannel.options.filter((c) => (totalsByChannel[c] ?? 0) > 0),
    days: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
    totalsByChannel,
    total,
  };
}

/** The busiest day (the first of equals), or null without contacts. */
export function busiestDay(series: ContactsSeries): ContactsDay | null {
  let best: ContactsDay | null = null;
  for (const day of series.days) if (day.total > 0 && (!best || day.total > best.total)) best = day;
  return best;
}

/** The channel with the most contacts (the first of equals in the protocol's order), or null. */
export function topChannel(series: ContactsSeries): TicketChannel | null {
  let best: TicketChannel | null = null;
  for (const c of series.channels) if (!best || (series.totalsByChannel[c] ?? 0) > (series.totalsByChannel[best] ?? 0)) best = c;
  return best;
}

export interface CsatBar {
  rating: number;
  count: number;
  /** Of all the answers; null without answers. */
  share: number | null;
}

/** The five ratings in order, each present even if the report left it out. */
export function csatBars(csat: QualityReport['csat']): CsatBar[] {
  const counts = new Map(csat.distribution.map((d) => [d.rating, d.count]));
  const answers = [1, 2, 3, 4, 5].reduce((sum, r) => sum + (counts.get(r) ?? 0), 0);
  return [1, 2, 3, 4, 5].map((rating) => {
    const count = counts.get(rating) ?? 0;
    return { rating, count, share: answers > 0 ? count / answers : null };
  });
}

/** The most frequent rating (the higher of equals), or null without answers. */
export function modalRating(bars: CsatBar[]): CsatBar | null {
  let best: CsatBar | null = null;
  for (const bar of bars) if (bar.count > 0 && (!best || bar.count >= best.count)) best = bar;
  return best;
}

export type SlaRow = QualityReport['sla'][number];

/** The four priorities in order, urgent first, whatever order the report used. */
export function slaRows(sla: QualityReport['sla']): SlaRow[] {
  return TicketPriority.options.flatMap((p) => sla.filter((row) => row.priority === p));
}

/** Whether any priority had a clock to keep: without one the chart would be three rows of nothing. */
export function slaHasData(rows: SlaRow[]): boolean {
  return rows.some((r) => r.answerable + r.owned + r.resolved > 0);
}
