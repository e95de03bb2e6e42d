import type { ReactNode } from 'react';
import { DataTable } from './DataTable';
import type { TableModel } from './qualityTables';

interface ChartFigureProps {
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two (or one line per group): read before the picture, and its description. */
  summary: string | string[];
  /** Set when there is nothing to draw: said instead of an empty chart. */
  empty: string | null;
  table: TableModel;
  fileName: string;
  children: ReactNode;
}

/**
 * A chart with its title, a text summary, and the same data as a real table right behind it. The
 * drawing is one image to assistive technology, named by the title and described by the summary;
 * the table is how a keyboard or a screen reader reads the values.
 */
export function ChartFigure({ id, title, summary, empty, table, fileName, children }: ChartFigureProps) {
  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;
  return (
    <section className="card quality-chart" aria-labelledby={titleId} data-testid={id}>
      <h3 id={titleId}>{title}</h3>
      {empty || typeof summary === 'string' ? (
        <p id={summaryId} className="quality-chart__summary">
          {empty ?? summary}
        </p>
      ) : (
        <ul id={summaryId} className="quality-chart__summary quality-chart__summary--list">
          {summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {!empty && (
        <div className="quality-chart__plot" role="img" aria-labelledby={titleId} aria-describedby={summaryId}>
          {children}
        </div>
      )}
      <DataTable table={table} fileName={fileName} />
    </section>
  );
}
