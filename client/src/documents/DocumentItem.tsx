import type { DocumentInfo } from '@oac/shared';
import { useI18n } from '../i18n/I18nProvider';

interface DocumentItemProps {
  doc: DocumentInfo;
  canStamp: boolean;
  stamped: boolean;
  busy: 'download' | 'stamp' | null;
  onDownload(): void;
  onStamp(): void;
}

const typeLabel: Record<DocumentInfo['contentType'], string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

export function DocumentItem({ doc, canStamp, stamped, busy, onDownload, onStamp }: DocumentItemProps) {
  const { t, fmt } = useI18n();
  const stampable = canStamp && doc.kind === 'upload' && doc.contentType === 'application/pdf';
  const byKey =
    doc.kind === 'stamped' ? 'documents.stampedBy' : doc.uploadedBy.kind === 'citizen' ? 'documents.byCitizen' : 'documents.byStaff';
  return (
    <li className={`doc doc--${doc.kind}`} data-testid="document-item" data-kind={doc.kind} data-document-id={doc.id}>
      <div className="doc__head">
        <span className="doc__type" aria-hidden="true">
          {typeLabel[doc.contentType]}
        </span>
        <span className="doc__name">{doc.filename}</span>
        {doc.kind === 'stamped' && <span className="badge badge--stamped">{t('documents.stampedBadge')}</span>}
      </div>
      <p className="doc__meta">
        <span className="visually-hidden">{typeLabel[doc.contentType]}, </span>
        {fmt.bytes(doc.sizeBytes)} · {t(byKey, { name: doc.uploadedBy.name })} ·{' '}
        <time dateTime={doc.createdAt}>{fmt.time(doc.createdAt)}</time>
      </p>
      {stamped && <p className="doc__note">{t('documents.alreadyStamped')}</p>}
      <div className="doc__actions">
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="download-button"
          aria-disabled={busy === 'download'}
          onClick={() => busy !== 'download' && onDownload()}
        >
          {busy === 'download' ? t('documents.downloading') : t('documents.download')}
          <span className="visually-hidden"> {doc.filename}</span>
        </button>
        {stampable && (
          <button
            type="button"
            className="button button--primary button--small"
            data-testid="stamp-button"
            aria-disabled={busy === 'stamp'}
            onClick={() => busy !== 'stamp' && onStamp()}
          >
            {busy === 'stamp' ? t('documents.stamping') : t('documents.stamp')}
            <span className="visually-hidden"> {doc.filename}</span>
          </button>
        )}
      </div>
    </li>
  );
}
