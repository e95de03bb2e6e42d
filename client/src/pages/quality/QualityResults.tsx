import { api } from '../../api/endpoints';
import type { QualityReport } from '@oac/shared';
import { lazy, Suspense } from 'react';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useKeptLoad } from '../planning/useKeptLoad';
import { DataTable } from './DataTable';
import { QualityCards } from './QualityCards';
import { figuresTable, tableFileName, type TableModel } from './qualityTables';
import { qualityApiQuery, type QualityFilters } from './qualityUrl';
import { useQualityText } from './useQualityText';

// recharts is large: only this page loads it, and only once there is a report to draw.
const QualityCharts = lazy(() => import('./QualityCharts'));

interface QualityResultsProps {
  filters: QualityFilters;
  today: string;
  sendOffice: boolean;
  /** The office the figures are for, or "all offices"; empty while the office list loads. */
  officeName: string;
  officeSlug: string | null;
}

/**
 * The figures for the filters. The region is polite and busy while it loads, so a screen reader
 * hears the new figures once, when they are all there; a reload keeps the old ones in view meanwhile.
 */
export function QualityResults({ filters, today, sendOffice, officeName, officeSlug }: QualityResultsProps) {
  const { t } = useQualityText();
  const query = qualityApiQuery(filters, today, sendOffice);
  const { data, failure, loading, reload } = useKeptLoad((signal) => api.quality(query, signal), JSON.stringify(query));
  return (
    <section
      className="quality-results"
      aria-labelledby="quality-results-heading"
      aria-live="polite"
      aria-busy={loading}
      data-testid="quality-results"
    >
      <h2 id="quality-results-heading" tabIndex={-1}>
        {t('quality.results')}
      </h2>
      {loading && <Loading label={t('quality.loading')} />}
      {!loading && failure && <FailureNotice failure={failure} onRetry={reload} />}
      {data && !failure && <Report report={data} officeName={officeName} officeSlug={officeSlug} />}
    </section>
  );
}

function Report({ report, officeName, officeSlug }: { report: QualityReport; officeName: string; officeSlug: string | null }) {
  const text = useQualityText();
  const { t, f } = text;
  const fileName = (table: TableModel) => tableFileName(table, { office: officeSlug, from: report.from, to: report.to });
  const figures = figuresTable(report, text);
  return (
    <>
      <p className="quality-results__scope" data-testid="quality-scope">
        {t('quality.scope', { from: f.date(report.from), to: f.date(report.to) })}
        {officeName && ` · ${officeName}`}
        <span className="muted"> · {t('quality.timeZone', { zone: report.timeZone })}</span>
      </p>
      {report.contacts === 0 && (
        <Notice kind="info" live={false} testId="quality-empty">
          <p>{t('quality.empty')}</p>
        </Notice>
      )}
      <QualityCards report={report} />
      <div className="quality-figures-table">
        <DataTable table={figures} fileName={fileName(figures)} />
      </div>
      <Suspense fallback={<Loading />}>
        <QualityCharts report={report} fileName={fileName} />
      </Suspense>
    </>
  );
}
