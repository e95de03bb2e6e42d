import type { QualityReport } from '@oac/shared';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { AXIS_COLOUR, CHANNEL_COLOURS, CSAT_COLOUR, GRID_COLOUR, SLA_COLOURS } from './chartColours';
import { busiestDay, contactsSeries, csatBars, modalRating, slaHasData, slaRows, topChannel } from './qualityData';
import { contactsTable, csatTable, slaTable, type TableModel, type TableText } from './qualityTables';
import { useQualityText } from './useQualityText';

/*
 * The charts, drawn with recharts. Its own keyboard layer is off: the picture is one image with a
 * text summary, and the table behind it is how the values are reached without a mouse.
 */

const HEIGHT = 280;
const axisProps = { stroke: AXIS_COLOUR, tick: { fill: AXIS_COLOUR, fontSize: 13 } } as const;
const tooltipProps = { contentStyle: { borderColor: AXIS_COLOUR, borderRadius: 6 }, cursor: { fill: '#f4f4f2' } } as const;

export interface QualityChartsProps {
  report: QualityReport;
  /** The CSV file name of a table of this report. */
  fileName(table: TableModel): string;
}

/** The three charts; the default export, so that the page loads recharts only when it draws them. */
export default function QualityCharts({ report, fileName }: QualityChartsProps) {
  const text = useQualityText();
  return (
    <div className="quality-charts">
      <ContactsChart report={report} text={text} fileName={fileName} />
      <CsatChart report={report} text={text} fileName={fileName} />
      <SlaChart report={report} text={text} fileName={fileName} />
    </div>
  );
}

interface ChartProps extends QualityChartsProps {
  text: TableText;
}

function ContactsChart({ report, text, fileName }: ChartProps) {
  const { t, f } = text;
  const series = contactsSeries(report);
  const table = contactsTable(series, text);
  const busiest = busiestDay(series);
  const top = topChannel(series);
  const summary =
    busiest && top
      ? t('quality.chart.contacts.summary', {
          total: f.integer(series.total),
          day: f.date(busiest.day),
          max: f.integer(busiest.total),
          channel: t(`tickets.channel.${top}`),
          share: f.percent((series.totalsByChannel[top] ?? 0) / series.total),
        })
      : '';
  const data = series.days.map((d) => ({ day: d.day, ...d.byChannel }));
  return (
    <ChartFigure
      id="quality-chart-contacts"
      title={t('quality.chart.contacts')}
      summary={summary}
      empty={series.total === 0 ? t('quality.chart.contacts.empty') : null}
      table={table}
      fileName={fileName(table)}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => f.dayMonth(day)} minTickGap={12} {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip {...tooltipProps} labelFormatter={(day) => f.date(String(day))} formatter={(value) => f.integer(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 14 }} itemSorter={null} />
          {series.channels.map((c) => (
            <Bar
              key={c}
              dataKey={c}
              name={t(`tickets.channel.${c}`)}
              stackId="contacts"
              fill={CHANNEL_COLOURS[c]}
              stroke="#ffffff"
              strokeWidth={1}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

function CsatChart({ report, text, fileName }: ChartProps) {
  const { t, f } = text;
  const bars = csatBars(report.csat);
  const table = csatTable(bars, text);
  const modal = modalRating(bars);
  const { csat } = report;
  const summary =
    modal && csat.mean !== null
      ? t('quality.chart.csat.summary', {
          answers: f.integer(csat.answers),
          mean: f.decimal(csat.mean),
          rating: f.integer(modal.rating),
          share: f.percent(modal.share ?? 0),
          solved: csat.solvedRate === null ? t('quality.noData') : f.percent(csat.solvedRate),
        })
      : '';
  const data = bars.map((b) => ({ rating: f.integer(b.rating), count: b.count }));
  return (
    <ChartFigure
      id="quality-chart-csat"
      title={t('quality.chart.csat')}
      summary={summary}
      empty={modal ? null : t('quality.chart.csat.empty')}
      table={table}
      fileName={fileName(table)}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
          <XAxis dataKey="rating" {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip {...tooltipProps} formatter={(value) => f.integer(Number(value))} />
          <Bar dataKey="count" name={t('quality.table.answers')} fill={CSAT_COLOUR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

function SlaChart({ report, text, fileName }: ChartProps) {
  const { t, f } = text;
  const rows = slaRows(report.sla);
  const table = slaTable(rows, text);
  const rate = (value: number | null) => (value === null ? t('quality.noData') : f.percent(value));
  const summary = rows.map((r) =>
    t('quality.chart.sla.summary', {
      priority: t(`tickets.priority.${r.priority}`),
      answered: rate(r.answeredRate),
      target: f.duration(r.answerTargetSeconds).spoken,
      owned: rate(r.ownedRate),
      resolved: rate(r.resolvedRate),
    }),
  );
  // Percentages as numbers from 0 to 100; a rate with nothing to divide by is left out, not drawn as 0.
  const pct = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
  const data = rows.map((r) => ({
    priority: t(`tickets.priority.${r.priority}`),
    answered: pct(r.answeredRate),
    owned: pct(r.ownedRate),
    resolved: pct(r.resolvedRate),
  }));
  return (
    <ChartFigure
      id="quality-chart-sla"
      title={t('quality.chart.sla')}
      summary={summary}
      empty={slaHasData(rows) ? null : t('quality.chart.sla.empty')}
      table={table}
      fileName={fileName(table)}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
          <XAxis dataKey="priority" {...axisProps} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={(v: number) => f.percent(v / 100)} {...axisProps} />
          <Tooltip {...tooltipProps} formatter={(value) => f.percent(Number(value) / 100)} />
          <Legend wrapperStyle={{ fontSize: 14 }} itemSorter={null} />
          {(['answered', 'owned', 'resolved'] as const).map((key) => (
            <Bar key={key} dataKey={key} name={t(`quality.sla.${key}`)} fill={SLA_COLOURS[key]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
