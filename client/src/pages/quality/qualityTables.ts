import type { QualityReport } from '@oac/shared';
import type { Vars } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { fileSlug } from '../planning/csv';
import type { ContactsSeries, CsatBar, SlaRow } from './qualityData';
import type { QualityFormat } from './qualityFormat';

/** What a figure's cell holds when there is nothing to show; the table tells a screen reader so in words. */
export const NO_DATA = '—';

/**
 * A data table as the page shows it and as its CSV export writes it, cell for cell: the first
 * column of each row is the row's header.
 */
export interface TableModel {
  /** Names the table's testid and its CSV file. */
  name: string;
  caption: string;
  header: string[];
  rows: string[][];
  /** A totals row, when the table has one. */
  footer?: string[];
}

export interface TableText {
  t(key: MessageKey, vars?: Vars): string;
  f: QualityFormat;
}

/** The table's rows for a CSV file: the header first, the totals last. */
export function tableCsvRows(table: TableModel): string[][] {
  return [table.header, ...table.rows, ...(table.footer ? [table.footer] : [])];
}

/** quality-<office or all>-<from>-<to>-<table>.csv */
export function tableFileName(table: Pick<TableModel, 'name'>, scope: { office: string | null; from: string; to: string }): string {
  const office = (scope.office && fileSlug(scope.office)) || 'all';
  return `quality-${office}-${scope.from}-${scope.to}-${table.name}.csv`;
}

function rate(value: number | null, f: QualityFormat): string {
  return value === null ? NO_DATA : f.percent(value);
}

function seconds(value: number | null, f: QualityFormat): string {
  return value === null ? NO_DATA : f.duration(value).text;
}

/** "80 % (8 of 10)", or "— (0 of 0)" when there was nothing to count. */
function rateOf(value: number | null, done: number, all: number, { t, f }: TableText): string {
  return t('quality.rateOf', { rate: rate(value, f), done: f.integer(done), all: f.integer(all) });
}

export function contactsTable(series: ContactsSeries, text: TableText): TableModel {
  const { t, f } = text;
  return {
    name: 'contacts',
    caption: t('quality.chart.contacts'),
    header: [t('quality.table.day'), ...series.channels.map((c) => t(`tickets.channel.${c}`)), t('quality.table.total')],
    rows: series.days.map((d) => [d.day, ...series.channels.map((c) => f.integer(d.byChannel[c] ?? 0)), f.integer(d.total)]),
    footer: [t('quality.table.total'), ...series.channels.map((c) => f.integer(series.totalsByChannel[c] ?? 0)), f.integer(series.total)],
  };
}

export function csatTable(bars: CsatBar[], text: TableText): TableModel {
  const { t, f } = text;
  return {
    name: 'csat',
    caption: t('quality.chart.csat'),
    header: [t('quality.table.rating'), t('quality.table.answers'), t('quality.table.share')],
    rows: bars.map((b) => [f.integer(b.rating), f.integer(b.count), rate(b.share, f)]),
  };
}

export function slaTable(rows: SlaRow[], text: TableText): TableModel {
  const { t, f } = text;
  return {
    name: 'sla',
    caption: t('quality.chart.sla'),
    header: [
      t('quality.table.priority'),
      t('quality.sla.target'),
      t('quality.sla.answered'),
      t('quality.sla.owned'),
      t('quality.sla.resolved'),
    ],
    rows: rows.map((r) => [
      t(`tickets.priority.${r.priority}`),
      f.duration(r.answerTargetSeconds).text,
      rateOf(r.answeredRate, r.answeredInTarget, r.answerable, text),
      rateOf(r.ownedRate, r.ownedInTime, r.owned, text),
      rateOf(r.resolvedRate, r.resolvedInTime, r.resolved, text),
    ]),
  };
}

/** The headline figures as a table, so that they too can be read in order and exported. */
export function figuresTable(report: QualityReport, text: TableText): TableModel {
  const { t, f } = text;
  const samples = (n: number) => t('quality.samples', { count: f.integer(n) });
  return {
    name: 'figures',
    caption: t('quality.figures'),
    header: [t('quality.table.indicator'), t('quality.table.value'), t('quality.table.basis')],
    rows: [
      [t('quality.card.contacts'), f.integer(report.contacts), NO_DATA],
      [t('quality.figure.waitP50'), seconds(report.wait.p50Seconds, f), samples(report.wait.samples)],
      [t('quality.figure.waitP90'), seconds(report.wait.p90Seconds, f), samples(report.wait.samples)],
      [t('quality.figure.handlingP50'), seconds(report.handling.p50Seconds, f), samples(report.handling.samples)],
      [t('quality.figure.handlingMean'), seconds(report.handling.meanSeconds, f), samples(report.handling.samples)],
      [t('quality.card.noShow'), rate(report.noShow.rate, f), noShowBasis(report, text)],
      [t('quality.card.fcr'), rate(report.firstContactResolution.rate, f), fcrBasis(report, text)],
      [t('quality.figure.callbackP50'), seconds(report.callbacks.turnaround.p50Seconds, f), callbackBasis(report, text)],
      [t('quality.figure.csatMean'), report.csat.mean === null ? NO_DATA : f.decimal(report.csat.mean), samples(report.csat.answers)],
    ],
  };
}

export function noShowBasis({ noShow }: QualityReport, { t, f }: TableText): string {
  return t('quality.basis.noShow', { noShows: f.integer(noShow.noShows), ended: f.integer(noShow.ended) });
}

export function fcrBasis({ firstContactResolution: fcr }: QualityReport, { t, f }: TableText): string {
  return t('quality.basis.fcr', { firstContact: f.integer(fcr.firstContact), resolved: f.integer(fcr.resolved) });
}

export function callbackBasis({ callbacks }: QualityReport, { t, f }: TableText): string {
  return t('quality.basis.callbacks', { completed: f.integer(callbacks.completed), requested: f.integer(callbacks.requested) });
}
