import { downloadText, toCsv } from '../planning/csv';
import { NO_DATA, tableCsvRows, type TableModel } from './qualityTables';
import { useQualityText } from './useQualityText';

/** A cell's text; "—" alone is said as "no data", which a screen reader would otherwise skip or spell out. */
function Cell({ text }: { text: string }) {
  const { t } = useQualityText();
  if (text !== NO_DATA) return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">{NO_DATA}</span>
      <span className="visually-hidden">{t('quality.noData')}</span>
    </>
  );
}

/**
 * The data behind a chart (or the figures) as a real table, behind a disclosure so the page stays
 * short, and its CSV export: the file holds exactly the table's cells.
 */
export function DataTable({ table, fileName }: { table: TableModel; fileName: string }) {
  const { t } = useQualityText();
  return (
    <div className="quality-table" data-testid={`quality-table-${table.name}`}>
      <details className="quality-table__details">
        <summary className="quality-table__summary">
          {t('quality.table.show')}
          <span className="visually-hidden">: {table.caption}</span>
        </summary>
        {/* A wide table scrolls in its own box, reachable by keyboard; the page never scrolls sideways. */}
        <div className="quality-table__scroll" tabIndex={0} role="region" aria-label={table.caption}>
          <table className="quality-table__table">
            <caption className="quality-table__caption">{table.caption}</caption>
            <thead>
              <tr>
                {table.header.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <Row key={r} row={row} />
              ))}
            </tbody>
            {table.footer && (
              <tfoot>
                <Row row={table.footer} />
              </tfoot>
            )}
          </table>
        </div>
      </details>
      <button
        type="button"
        className="button button--secondary button--small quality-table__export"
        data-testid={`quality-export-${table.name}`}
        onClick={() => downloadText(toCsv(tableCsvRows(table)), fileName)}
      >
        {t('quality.table.export')}
        <span className="visually-hidden">: {table.caption}</span>
      </button>
    </div>
  );
}

function Row({ row }: { row: string[] }) {
  const [head, ...cells] = row;
  return (
    <tr>
      <th scope="row">
        <Cell text={head ?? ''} />
      </th>
      {cells.map((c, i) => (
        <td key={i}>
          <Cell text={c} />
        </td>
      ))}
    </tr>
  );
}
