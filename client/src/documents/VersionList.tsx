import type { DocumentInfo } from '@oac/shared';
import { useI18n } from '../i18n/I18nProvider';
import { authorLine } from './labels';

interface VersionListProps {
  versions: DocumentInfo[];
  busyId: string | null;
  onDownload(version: DocumentInfo): void;
}

/** Every version of a document, oldest first, each with its fingerprint and, unless deleted, its bytes. */
export function VersionList({ versions, busyId, onDownload }: VersionListProps) {
  const { t, fmt } = useI18n();
  return (
    <details className="doc-versions" data-testid="document-versions">
      <summary className="doc-versions__summary">{t('documents.versions', { count: versions.length })}</summary>
      <ol className="doc-versions__list">
        {versions.map((v) => (
          <li key={v.id} className="doc-version" data-testid="document-version" data-version={v.version} data-deleted={v.deleted !== null}>
            <p className="doc-version__line">
              <strong>{t('documents.versionN', { n: v.version })}</strong> · {t(`documents.kind.${v.kind}`)} · {authorLine(t, v)} ·{' '}
              <time dateTime={v.createdAt}>{fmt.dateTime(v.createdAt)}</time> · {fmt.bytes(v.sizeBytes)}
            </p>
            <p className="doc-version__line">
              {t('documents.sha256')} <code className="doc-version__hash">{v.sha256.slice(0, 12)}</code>
              {v.reason && <span className="doc-version__reason"> · {v.reason}</span>}
            </p>
            {v.deleted ? (
              <p className="doc-version__deleted">{t('documents.deletedShort')}</p>
            ) : (
              <button
                type="button"
                className="link-button"
                data-testid="version-download"
                aria-disabled={busyId === v.id}
                onClick={() => busyId !== v.id && onDownload(v)}
              >
                {busyId === v.id ? t('documents.downloading') : t('documents.downloadVersion', { n: v.version })}
                <span className="visually-hidden"> {v.filename}</span>
              </button>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
